-- Budget revenue: the year's estimate by line item, its adjustments, and
-- the money collected, each with the state-revenue part (thu NSNN trên địa
-- bàn) and the commune budget's part (thu ngân sách xã), in whole đồng.

CREATE TABLE budget_entries (
    id          UUID PRIMARY KEY NOT NULL,
    commune_id  UUID NOT NULL REFERENCES units (id),
    unit_path   TEXT COLLATE "C" NOT NULL,
    year        BIGINT NOT NULL,
    entry       TEXT NOT NULL CHECK (entry IN ('original', 'adjustment', 'collection')),
    line        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    nsnn        BIGINT NOT NULL,
    nsx         BIGINT NOT NULL,
    document    TEXT NOT NULL,
    note        TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX budget_entries_place_idx ON budget_entries (unit_path, year, entry, on_date);
CREATE INDEX budget_entries_line_idx ON budget_entries (commune_id, year, line);
