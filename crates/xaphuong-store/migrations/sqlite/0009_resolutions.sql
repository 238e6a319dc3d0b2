-- Indicators (chỉ tiêu), the resolutions that set targets for them, and
-- the figures entered by hand for indicators no register counts.

CREATE TABLE indicators (
    id          BLOB PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    field       TEXT NOT NULL,
    unit        TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('at_least', 'at_most', 'exactly')),
    decimals    BIGINT NOT NULL,
    -- A register's measure; NULL for an indicator entered by hand.
    measure     TEXT,
    position    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX indicators_code_key ON indicators (code);

CREATE TABLE resolutions (
    id          BLOB PRIMARY KEY NOT NULL,
    unit_id     BLOB NOT NULL REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    year        BIGINT NOT NULL,
    -- "Số 15/NQ-HĐND" as written.
    number      TEXT NOT NULL,
    adopted_on  TEXT,
    title       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX resolutions_unit_year_key ON resolutions (unit_id, year);
CREATE INDEX resolutions_place_idx ON resolutions (unit_path, year);

CREATE TABLE targets (
    id             BLOB PRIMARY KEY NOT NULL,
    resolution_id  BLOB NOT NULL REFERENCES resolutions (id),
    indicator_id   BLOB NOT NULL REFERENCES indicators (id),
    -- value ÷ 10^scale, exactly as typed ("1,0" is 10, 1).
    value          BIGINT NOT NULL,
    scale          BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX targets_key ON targets (resolution_id, indicator_id);

CREATE TABLE indicator_values (
    id            BLOB PRIMARY KEY NOT NULL,
    indicator_id  BLOB NOT NULL REFERENCES indicators (id),
    unit_id       BLOB NOT NULL REFERENCES units (id),
    unit_path     TEXT NOT NULL,
    year          BIGINT NOT NULL,
    value         BIGINT NOT NULL,
    scale         BIGINT NOT NULL,
    -- The document the figure comes from.
    evidence      TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    recorded_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX indicator_values_key ON indicator_values (indicator_id, unit_id, year);
CREATE INDEX indicator_values_place_idx ON indicator_values (unit_path, year);
