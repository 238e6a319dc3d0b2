-- The one-stop shop, continued: how the citizen takes the result, the
-- files filed online, each commune's dossier code pattern, and the queues
-- per step.

-- Where the result goes: at the counter, by public post, or online.
ALTER TABLE dossiers ADD COLUMN return_channel TEXT NOT NULL DEFAULT 'counter'
    CHECK (return_channel IN ('counter', 'online', 'post'));
CREATE INDEX dossiers_place_step_idx ON dossiers (unit_path, step, due_at);

-- Papers a citizen uploads with an online filing, kept in the database so
-- that a backup holds them too.
CREATE TABLE dossier_files (
    id            BLOB PRIMARY KEY NOT NULL,
    dossier_id    BLOB NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    data          BLOB NOT NULL,
    actor_name    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX dossier_files_dossier_idx ON dossier_files (dossier_id, created_at);

-- A commune's dossier code pattern (NĐ 118/2025 Art. 28): its mã định danh
-- and the layout of the date and number. No row: the default pattern.
CREATE TABLE onestop_settings (
    unit_id     BLOB PRIMARY KEY NOT NULL REFERENCES units (id),
    identifier  TEXT NOT NULL,
    long_year   BOOLEAN NOT NULL,
    width       BIGINT NOT NULL,
    separator   TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
