-- Households and their members, kept per residential group; moves keep
-- their history; the yearly poverty and cultural-family reviews; the
-- poverty standards a deployment adds beyond the built-in ones.

CREATE TABLE households (
    id             UUID PRIMARY KEY NOT NULL,
    -- The ward's own household number (mã hộ), unique in the commune.
    code           TEXT NOT NULL,
    commune_id     UUID NOT NULL REFERENCES units (id),
    group_id       UUID REFERENCES units (id),
    unit_path      TEXT NOT NULL,
    head_name      TEXT NOT NULL,
    address        TEXT NOT NULL,
    area           TEXT NOT NULL CHECK (area IN ('urban', 'rural')),
    search_key     TEXT NOT NULL,
    -- In the unit from this day (ISO date) until moved_out_on, if any.
    registered_on  TEXT NOT NULL,
    moved_out_on   TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX households_commune_code_key ON households (commune_id, code);
CREATE INDEX households_place_idx ON households (unit_path, code);
CREATE INDEX households_place_search_idx ON households (unit_path, search_key);

CREATE TABLE household_members (
    id            UUID PRIMARY KEY NOT NULL,
    household_id  UUID NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    full_name     TEXT NOT NULL,
    relation      TEXT NOT NULL,
    birth_year    BIGINT NOT NULL,
    sex           TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    -- Số định danh cá nhân: personal data, shown only to roles that need it.
    citizen_id    TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX household_members_household_idx ON household_members (household_id);

-- Each move between groups or out of the unit, with where from and to.
CREATE TABLE household_moves (
    id            UUID PRIMARY KEY NOT NULL,
    household_id  UUID NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    moved_on      TEXT NOT NULL,
    from_path     TEXT NOT NULL,
    to_path       TEXT,
    from_name     TEXT NOT NULL,
    to_name       TEXT NOT NULL,
    note          TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX household_moves_household_idx ON household_moves (household_id, moved_on);

-- A household's yearly poverty review and its class by that year's standard.
CREATE TABLE poverty_reviews (
    id            UUID PRIMARY KEY NOT NULL,
    household_id  UUID NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    unit_path     TEXT NOT NULL,
    year          BIGINT NOT NULL,
    standard      TEXT NOT NULL,
    area          TEXT NOT NULL,
    income        BIGINT NOT NULL,
    -- Deprived indicators' codes, comma-separated.
    deprivations  TEXT NOT NULL,
    class         TEXT NOT NULL CHECK (class IN ('poor', 'near_poor', 'average', 'not_poor')),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX poverty_reviews_household_year_key ON poverty_reviews (household_id, year);
CREATE INDEX poverty_reviews_place_year_idx ON poverty_reviews (unit_path, year, class);

-- A household's yearly "Gia đình văn hóa" assessment and the outcome.
CREATE TABLE culture_reviews (
    id             UUID PRIMARY KEY NOT NULL,
    household_id   UUID NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    unit_path      TEXT NOT NULL,
    year           BIGINT NOT NULL,
    law            BOOLEAN NOT NULL,
    emulation      BOOLEAN NOT NULL,
    family         BOOLEAN NOT NULL,
    exclusions     TEXT NOT NULL,
    meeting_date   TEXT,
    posting_from   TEXT,
    posting_to     TEXT,
    decision_date  TEXT,
    recognised     BOOLEAN NOT NULL,
    -- Why not, one reason per line.
    reasons        TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX culture_reviews_household_year_key ON culture_reviews (household_id, year);
CREATE INDEX culture_reviews_place_year_idx ON culture_reviews (unit_path, year, recognised);

-- The dated steps of a commune's yearly review (QĐ 24/2021/QĐ-TTg for
-- poverty; NĐ 86/2023/NĐ-CP for the cultural family).
CREATE TABLE review_steps (
    id          UUID PRIMARY KEY NOT NULL,
    commune_id  UUID NOT NULL REFERENCES units (id),
    year        BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('poverty', 'culture')),
    step        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    document    TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX review_steps_key ON review_steps (commune_id, year, kind, step);

-- Poverty standards beyond the built-in ones (a new decree is data), in
-- the standards file format; the same code replaces a built-in one.
CREATE TABLE poverty_standards (
    code        TEXT PRIMARY KEY NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
