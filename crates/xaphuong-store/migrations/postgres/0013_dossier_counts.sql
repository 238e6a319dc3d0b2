-- A province on one database: the one-stop statistics as aggregates kept
-- in the same transaction as every change to a dossier, and sort keys for
-- the queues and the late list, so that a page costs what its unit's
-- records cost.

-- What the dossiers under a unit added on each day (xaphuong_core::onestop::
-- stats::DayCounts), by field and by procedure: Biểu 06 of any period is a
-- sum of the period's days and the days before it. A dossier counts for
-- each scope that holds it: its commune, every unit above, and the whole
-- deployment (unit_path ''), so a scope reads its own rows only.
CREATE TABLE dossier_day_counts (
    dim              TEXT NOT NULL CHECK (dim IN ('field', 'procedure')),
    -- The field's name, or the procedure's id.
    key              TEXT COLLATE "C" NOT NULL,
    unit_path        TEXT COLLATE "C" NOT NULL,
    year             BIGINT NOT NULL,
    day              TEXT COLLATE "C" NOT NULL,
    received_online  BIGINT NOT NULL,
    received_other   BIGINT NOT NULL,
    finished         BIGINT NOT NULL,
    early            BIGINT NOT NULL,
    on_time          BIGINT NOT NULL,
    late             BIGINT NOT NULL,
    due              BIGINT NOT NULL,
    due_finished     BIGINT NOT NULL,
    rated            BIGINT NOT NULL,
    dissatisfied     BIGINT NOT NULL,
    PRIMARY KEY (dim, year, unit_path, key, day)
);
-- One field or procedure across many units.
CREATE INDEX dossier_day_counts_key_idx ON dossier_day_counts (dim, key, year, unit_path, day);

-- The same by year: what a period's "carried over" needs of earlier years.
CREATE TABLE dossier_year_counts (
    dim              TEXT NOT NULL CHECK (dim IN ('field', 'procedure')),
    key              TEXT COLLATE "C" NOT NULL,
    unit_path        TEXT COLLATE "C" NOT NULL,
    year             BIGINT NOT NULL,
    received_online  BIGINT NOT NULL,
    received_other   BIGINT NOT NULL,
    finished         BIGINT NOT NULL,
    early            BIGINT NOT NULL,
    on_time          BIGINT NOT NULL,
    late             BIGINT NOT NULL,
    due              BIGINT NOT NULL,
    due_finished     BIGINT NOT NULL,
    rated            BIGINT NOT NULL,
    dissatisfied     BIGINT NOT NULL,
    PRIMARY KEY (dim, unit_path, year, key)
);

-- The order of the queues: open dossiers first, the earliest due first;
-- those not yet received (no due date) after them.
ALTER TABLE dossiers ADD COLUMN queue_rank TEXT COLLATE "C" GENERATED ALWAYS AS (
    CASE WHEN status IN ('new', 'received', 'processing', 'supplement', 'financial') THEN '0' ELSE '1' END
    || COALESCE(due_at, '9999')) STORED;
CREATE INDEX dossiers_place_queue_idx ON dossiers (unit_path, queue_rank, code);
-- A province's queue in the same order, its scope checked in the index.
CREATE INDEX dossiers_queue_idx ON dossiers (queue_rank, code, unit_path);

-- Dossiers the late list may hold: open, finished after their due date, or
-- given the apology letter; a small share of all, indexed with what the
-- list checks of them.
ALTER TABLE dossiers ADD COLUMN late_watch BOOLEAN GENERATED ALWAYS AS (
    apologised OR finished_at IS NULL OR COALESCE(finished_at > due_at, FALSE)) STORED;
CREATE INDEX dossiers_late_idx ON dossiers (unit_path, due_at, code, finished_at, received_at, status, apologised, procedure_id)
    WHERE late_watch;

-- Work a migration leaves for the application, done at the next start:
-- here, counting the aggregates of the dossiers already kept.
CREATE TABLE maintenance_tasks (
    task  TEXT PRIMARY KEY NOT NULL
);
INSERT INTO maintenance_tasks (task) VALUES ('rebuild_dossier_counts');
