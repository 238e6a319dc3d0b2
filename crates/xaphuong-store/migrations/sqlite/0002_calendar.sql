-- The working calendar: a deployment's own yearly schedules of days off and
-- make-up days, per-unit overrides, and calendar settings.

CREATE TABLE calendar_days (
    id          BLOB PRIMARY KEY NOT NULL,
    -- NULL: the deployment's schedule. A unit: its override, which applies
    -- to the units below it as well; the narrowest unit wins.
    unit_id     BLOB REFERENCES units (id),
    day         TEXT NOT NULL,
    year        BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'compensatory', 'swapped', 'makeup_workday')),
    name        TEXT NOT NULL,
    document    TEXT NOT NULL,
    confirmed   BOOLEAN NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX calendar_days_deployment_key ON calendar_days (day) WHERE unit_id IS NULL;
CREATE UNIQUE INDEX calendar_days_unit_key ON calendar_days (unit_id, day) WHERE unit_id IS NOT NULL;
CREATE INDEX calendar_days_year_idx ON calendar_days (year, unit_id);

-- Years whose deployment schedule is kept here instead of the built-in one.
CREATE TABLE calendar_years (
    year        BIGINT PRIMARY KEY NOT NULL,
    adopted_at  BIGINT NOT NULL
);

CREATE TABLE calendar_settings (
    -- '*' for the deployment's defaults, else the unit id.
    scope_key        TEXT PRIMARY KEY NOT NULL,
    id               BLOB NOT NULL,
    unit_id          BLOB REFERENCES units (id),
    rest_days        TEXT NOT NULL,
    office_hours     TEXT NOT NULL,
    makeup_counts    BOOLEAN NOT NULL,
    same_day_cutoff  TEXT NOT NULL,
    updated_at       BIGINT NOT NULL
);
