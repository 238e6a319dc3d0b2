-- The citizen-reception book (sổ tiếp công dân): each visit or letter, its
-- classification, whether the commune is competent, its acceptance and
-- decision. Who came is kept apart, so that a list never reads it and a
-- denouncer's identity is read only for the one handling the matter.

CREATE TABLE receptions (
    id            UUID PRIMARY KEY NOT NULL,
    commune_id    UUID NOT NULL REFERENCES units (id),
    group_id      UUID REFERENCES units (id),
    unit_path     TEXT COLLATE "C" NOT NULL,
    received_on   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    matter        TEXT NOT NULL,
    competent     BOOLEAN NOT NULL,
    forwarded_to  TEXT NOT NULL,
    accepted_on   TEXT,
    complexity    TEXT NOT NULL,
    remote        BOOLEAN NOT NULL,
    round         BIGINT NOT NULL,
    extensions    BIGINT NOT NULL,
    -- The legal deadline from acceptance, kept for the overdue list.
    due_on        TEXT,
    decision      TEXT NOT NULL,
    decided_on    TEXT,
    note          TEXT NOT NULL,
    handler_id    UUID REFERENCES users (id),
    -- Never holds a denouncer's name or address.
    search_key    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX receptions_place_idx ON receptions (unit_path, received_on);
CREATE INDEX receptions_due_idx ON receptions (unit_path, due_on) WHERE decided_on IS NULL;

CREATE TABLE reception_citizens (
    reception_id     UUID PRIMARY KEY NOT NULL REFERENCES receptions (id),
    citizen          TEXT NOT NULL,
    citizen_address  TEXT NOT NULL
);
