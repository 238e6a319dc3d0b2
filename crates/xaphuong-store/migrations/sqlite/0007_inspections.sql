-- Sidewalk and street-order inspections and the cases found in them.

CREATE TABLE inspections (
    id            BLOB PRIMARY KEY NOT NULL,
    commune_id    BLOB NOT NULL REFERENCES units (id),
    unit_path     TEXT NOT NULL,
    inspected_on  TEXT NOT NULL,
    place         TEXT NOT NULL,
    team          TEXT NOT NULL,
    note          TEXT NOT NULL,
    search_key    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX inspections_place_idx ON inspections (unit_path, inspected_on);

CREATE TABLE inspection_cases (
    id             BLOB PRIMARY KEY NOT NULL,
    inspection_id  BLOB NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    unit_path      TEXT NOT NULL,
    inspected_on   TEXT NOT NULL,
    kind           TEXT NOT NULL,
    offender       TEXT NOT NULL,
    address        TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    note           TEXT NOT NULL,
    search_key     TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX inspection_cases_inspection_idx ON inspection_cases (inspection_id);
CREATE INDEX inspection_cases_place_idx ON inspection_cases (unit_path, inspected_on, outcome);
