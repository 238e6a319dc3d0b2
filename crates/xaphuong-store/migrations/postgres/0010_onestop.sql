-- The one-stop shop: the procedure catalogue, dossiers with their legal
-- deadlines and every step of their handling, and the citizens' ratings.
-- Times of day are Vietnamese civil time, ISO text (2026-11-30T08:37).

CREATE TABLE procedures (
    id          UUID PRIMARY KEY NOT NULL,
    -- The national TTHC code, e.g. 1.001193.
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    field       TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    -- days:5 | hours:8 | same_day:15:00
    time        TEXT NOT NULL,
    fee         TEXT NOT NULL,
    -- One required paper per line.
    papers      TEXT NOT NULL,
    result      TEXT NOT NULL,
    online      TEXT NOT NULL CHECK (online IN ('full', 'partial', 'offline')),
    basis       TEXT NOT NULL,
    -- Per-step budgets in % of the time: receive,specialist,leader,return.
    steps       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX procedures_code_key ON procedures (code);
CREATE INDEX procedures_field_idx ON procedures (field, name);

CREATE TABLE dossiers (
    id                       UUID PRIMARY KEY NOT NULL,
    code                     TEXT NOT NULL,
    commune_id               UUID NOT NULL REFERENCES units (id),
    unit_path                TEXT COLLATE "C" NOT NULL,
    procedure_id             UUID NOT NULL REFERENCES procedures (id),
    channel                  TEXT NOT NULL CHECK (channel IN ('counter', 'online', 'post')),
    status                   TEXT NOT NULL,
    step                     TEXT NOT NULL,
    applicant                TEXT NOT NULL,
    address                  TEXT NOT NULL,
    phone                    TEXT NOT NULL,
    email                    TEXT NOT NULL,
    search_key               TEXT NOT NULL,
    submitted_at             TEXT NOT NULL,
    received_at              TEXT,
    due_at                   TEXT,
    supplements              BIGINT NOT NULL,
    supplement_requested_at  TEXT,
    apologised               BOOLEAN NOT NULL,
    transferred_to           TEXT,
    finished_at              TEXT,
    assignee_id              UUID REFERENCES users (id),
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL
);
CREATE UNIQUE INDEX dossiers_code_key ON dossiers (code);
CREATE INDEX dossiers_place_status_idx ON dossiers (unit_path, status, due_at);
CREATE INDEX dossiers_place_received_idx ON dossiers (unit_path, received_at);
CREATE INDEX dossiers_assignee_idx ON dossiers (assignee_id, status, due_at);
CREATE INDEX dossiers_procedure_idx ON dossiers (procedure_id, received_at);

-- The dossier's timeline (Phiếu kiểm soát quá trình giải quyết hồ sơ).
CREATE TABLE dossier_events (
    id           UUID PRIMARY KEY NOT NULL,
    dossier_id   UUID NOT NULL REFERENCES dossiers (id),
    at           TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    step         TEXT NOT NULL,
    due_at       TEXT,
    actor_name   TEXT NOT NULL,
    note         TEXT NOT NULL
);
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, at);

-- The last number given in a commune on a day, for the dossier code.
CREATE TABLE dossier_sequences (
    commune_id  UUID NOT NULL REFERENCES units (id),
    day         TEXT NOT NULL,
    last        BIGINT NOT NULL,
    PRIMARY KEY (commune_id, day)
);

CREATE TABLE dossier_ratings (
    dossier_id  UUID PRIMARY KEY NOT NULL REFERENCES dossiers (id),
    -- The scale used, e.g. rat_hai_long/hai_long/khong_hai_long.
    scale       TEXT NOT NULL,
    answers     TEXT NOT NULL,
    comment     TEXT NOT NULL,
    rated_at    BIGINT NOT NULL
);
