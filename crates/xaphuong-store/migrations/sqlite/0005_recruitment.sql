-- Military and police service recruitment: yearly quotas and the citizens called.

CREATE TABLE recruitment_quotas (
    id          BLOB PRIMARY KEY NOT NULL,
    commune_id  BLOB NOT NULL REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    year        BIGINT NOT NULL,
    service     TEXT NOT NULL CHECK (service IN ('military', 'police')),
    quota       BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX recruitment_quotas_key ON recruitment_quotas (commune_id, year, service);
CREATE INDEX recruitment_quotas_place_idx ON recruitment_quotas (unit_path, year);

CREATE TABLE recruits (
    id          BLOB PRIMARY KEY NOT NULL,
    commune_id  BLOB NOT NULL REFERENCES units (id),
    group_id    BLOB REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    year        BIGINT NOT NULL,
    service     TEXT NOT NULL CHECK (service IN ('military', 'police')),
    full_name   TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    birth_year  BIGINT NOT NULL,
    address     TEXT NOT NULL,
    stage       TEXT NOT NULL,
    -- Why deferred or exempted.
    reason      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX recruits_place_idx ON recruits (unit_path, year);
CREATE INDEX recruits_count_idx ON recruits (commune_id, year, service, stage);
