-- Spending of the commune budget: the year's estimate by item, its
-- adjustments, and the money paid, in whole đồng; a development investment
-- names the public work it pays for.

CREATE TABLE spending_entries (
    id          BLOB PRIMARY KEY NOT NULL,
    commune_id  BLOB NOT NULL REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    year        BIGINT NOT NULL,
    entry       TEXT NOT NULL CHECK (entry IN ('original', 'adjustment', 'payment')),
    item        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    work_id     BLOB REFERENCES works (id),
    document    TEXT NOT NULL,
    note        TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX spending_entries_place_idx ON spending_entries (unit_path, year, entry, on_date);
CREATE INDEX spending_entries_work_idx ON spending_entries (work_id) WHERE work_id IS NOT NULL;
