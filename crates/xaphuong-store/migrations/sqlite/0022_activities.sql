-- Culture and sport in the residential areas: the activities held in each
-- residential group, and each group's title "Thôn, tổ dân phố văn hóa" of
-- a year.

CREATE TABLE activities (
    id            BLOB PRIMARY KEY NOT NULL,
    commune_id    BLOB NOT NULL REFERENCES units (id),
    group_id      BLOB REFERENCES units (id),
    unit_path     TEXT NOT NULL,
    held_on       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    search_key    TEXT NOT NULL,
    participants  BIGINT NOT NULL,
    place         TEXT NOT NULL,
    note          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX activities_place_idx ON activities (unit_path, held_on);

CREATE TABLE group_titles (
    id          BLOB PRIMARY KEY NOT NULL,
    commune_id  BLOB NOT NULL REFERENCES units (id),
    group_id    BLOB NOT NULL REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    year        BIGINT NOT NULL,
    recognised  BOOLEAN NOT NULL,
    decision    TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (group_id, year)
);
CREATE INDEX group_titles_place_idx ON group_titles (unit_path, year);
