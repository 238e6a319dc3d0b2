-- Land hand-overs for public works (giải phóng mặt bằng).

CREATE TABLE handovers (
    id              BLOB PRIMARY KEY NOT NULL,
    commune_id      BLOB NOT NULL REFERENCES units (id),
    group_id        BLOB REFERENCES units (id),
    unit_path       TEXT NOT NULL,
    project         TEXT NOT NULL,
    household       TEXT NOT NULL,
    address         TEXT NOT NULL,
    search_key      TEXT NOT NULL,
    handed_over_on  TEXT NOT NULL,
    -- Hundredths of a square metre.
    area            BIGINT NOT NULL,
    document        TEXT NOT NULL,
    note            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX handovers_place_idx ON handovers (unit_path, handed_over_on);
CREATE INDEX handovers_commune_idx ON handovers (commune_id, handed_over_on);
