-- Cooperatives (hợp tác xã) of a commune, each one's classification of a
-- year (Thông tư 01/2020/TT-BKHĐT) and the supports it received.

CREATE TABLE cooperatives (
    id                BLOB PRIMARY KEY NOT NULL,
    commune_id        BLOB NOT NULL REFERENCES units (id),
    group_id          BLOB REFERENCES units (id),
    unit_path         TEXT NOT NULL,
    registration_no   TEXT NOT NULL,
    name              TEXT NOT NULL,
    search_key        TEXT NOT NULL,
    founded_on        TEXT NOT NULL,
    line_of_business  TEXT NOT NULL,
    members           BIGINT NOT NULL,
    capital           BIGINT NOT NULL,
    director          TEXT NOT NULL,
    address           TEXT NOT NULL,
    status            TEXT NOT NULL,
    status_on         TEXT,
    note              TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
-- The list filters by place with the year founded, or with the status.
CREATE INDEX cooperatives_place_idx ON cooperatives (unit_path, founded_on);
CREATE INDEX cooperatives_status_idx ON cooperatives (unit_path, status);

CREATE TABLE cooperative_grades (
    id              BLOB PRIMARY KEY NOT NULL,
    cooperative_id  BLOB NOT NULL REFERENCES cooperatives (id),
    year            BIGINT NOT NULL,
    grade           TEXT NOT NULL,
    score           BIGINT,
    note            TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (cooperative_id, year)
);

CREATE TABLE cooperative_supports (
    id              BLOB PRIMARY KEY NOT NULL,
    cooperative_id  BLOB NOT NULL REFERENCES cooperatives (id),
    year            BIGINT NOT NULL,
    policy          TEXT NOT NULL,
    content         TEXT NOT NULL,
    amount          BIGINT NOT NULL,
    decision        TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX cooperative_supports_cooperative_idx ON cooperative_supports (cooperative_id, year);
