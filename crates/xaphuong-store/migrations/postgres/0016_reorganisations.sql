-- Units in time (the reform of 1 July 2025, Nghị quyết 202/2025/QH15):
-- a unit is in force from valid_from (NULL: since before any record) until
-- valid_to, the effective date of the reorganisation that ended it
-- (exclusive; NULL: still in force). A code names one unit at any date,
-- not forever: the new Phường Bắc Kạn kept the code 01843 of Phường Phùng
-- Chí Kiên (QĐ 19/2025/QĐ-TTg).
ALTER TABLE units ADD COLUMN valid_from TEXT;
ALTER TABLE units ADD COLUMN valid_to TEXT;
-- The unit above an ended unit when it ended: it now hangs under its
-- successor, and its old documents name the old one.
ALTER TABLE units ADD COLUMN former_parent_id UUID REFERENCES units (id);
DROP INDEX units_national_code_key;
CREATE UNIQUE INDEX units_national_code_key ON units (code) WHERE level <> 'group' AND valid_to IS NULL;
DROP INDEX units_group_code_key;
CREATE UNIQUE INDEX units_group_code_key ON units (parent_id, code) WHERE level = 'group' AND valid_to IS NULL;
CREATE INDEX units_code_idx ON units (code, valid_from);

-- A merge, split, rename, recode or change of parent, with its legal basis.
CREATE TABLE reorganisations (
    id            UUID PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename', 'recode', 'reparent')),
    -- Number and date of the resolution or decision it follows.
    basis         TEXT NOT NULL,
    basis_date    TEXT NOT NULL,
    effective_on  TEXT NOT NULL,
    note          TEXT NOT NULL,
    -- The unit it made or changed, and its path, for the scope of lists.
    unit_id       UUID NOT NULL REFERENCES units (id),
    unit_path     TEXT NOT NULL,
    -- What moved, as the preview showed it (JSON).
    plan          TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX reorganisations_place_idx ON reorganisations (unit_path, effective_on);

-- Which unit took over from which.
CREATE TABLE unit_successions (
    predecessor_id     UUID NOT NULL REFERENCES units (id),
    successor_id       UUID NOT NULL REFERENCES units (id),
    reorganisation_id  UUID NOT NULL REFERENCES reorganisations (id),
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_successions_successor_idx ON unit_successions (successor_id);
