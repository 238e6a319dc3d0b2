-- Public works of a commune (công trình, tuyến đường dân sinh): funding by
-- source, dates, documents; and the residential groups each runs through.

CREATE TABLE works (
    id                  BLOB PRIMARY KEY NOT NULL,
    commune_id          BLOB NOT NULL REFERENCES units (id),
    unit_path           TEXT NOT NULL,
    name                TEXT NOT NULL,
    search_key          TEXT NOT NULL,
    kind                TEXT NOT NULL,
    -- Hundredths of a metre.
    length              BIGINT,
    width               BIGINT,
    -- Đồng.
    budget_province     BIGINT NOT NULL,
    budget_commune      BIGINT NOT NULL,
    people_money        BIGINT NOT NULL,
    people_labour_days  BIGINT NOT NULL,
    -- Hundredths of a square metre.
    people_land         BIGINT NOT NULL,
    started_on          TEXT,
    due_on              TEXT,
    completed_on        TEXT,
    accepted_on         TEXT,
    documents           TEXT NOT NULL,
    note                TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX works_accepted_idx ON works (unit_path, accepted_on);
CREATE INDEX works_started_idx ON works (unit_path, started_on);
-- The works behind schedule: due and not finished.
CREATE INDEX works_due_idx ON works (unit_path, due_on) WHERE completed_on IS NULL;

CREATE TABLE work_groups (
    work_id   BLOB NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    group_id  BLOB NOT NULL REFERENCES units (id),
    PRIMARY KEY (work_id, group_id)
);
CREATE INDEX work_groups_group_idx ON work_groups (group_id);
