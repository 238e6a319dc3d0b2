-- Citizens' reports of problems in the ward (phản ánh hiện trường), each
-- routed by its category to a field and an officer, with a deadline on the
-- working calendar. The reporter's contact is kept apart: no list reads
-- it and the public never sees it.

-- A commune's routing of a category (without a row: the default).
CREATE TABLE problem_routes (
    commune_id    UUID NOT NULL REFERENCES units (id),
    category      TEXT NOT NULL,
    field         TEXT NOT NULL,
    officer_id    UUID REFERENCES users (id),
    working_days  BIGINT NOT NULL,
    basis         TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (commune_id, category)
);

CREATE TABLE problems (
    id            UUID PRIMARY KEY NOT NULL,
    code          TEXT NOT NULL UNIQUE,
    lookup_key    TEXT NOT NULL,
    commune_id    UUID NOT NULL REFERENCES units (id),
    group_id      UUID REFERENCES units (id),
    unit_path     TEXT COLLATE "C" NOT NULL,
    category      TEXT NOT NULL,
    description   TEXT NOT NULL,
    address       TEXT NOT NULL,
    lat           TEXT,
    lng           TEXT,
    status        TEXT NOT NULL,
    rejection     TEXT,
    forwarded_to  TEXT NOT NULL,
    duplicate_of  TEXT NOT NULL,
    field         TEXT NOT NULL,
    officer_id    UUID REFERENCES users (id),
    received_at   TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    -- When it was first answered or rejected: on time when not after due_at.
    finished_at   TEXT,
    public_note   TEXT NOT NULL,
    -- Text and photos moderated and shown to the public.
    published     BOOLEAN NOT NULL,
    violation_id  UUID REFERENCES violations (id),
    channel       TEXT NOT NULL,
    client_id     UUID,
    search_key    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX problems_place_idx ON problems (unit_path, received_at);
CREATE INDEX problems_due_idx ON problems (unit_path, due_at) WHERE finished_at IS NULL;
CREATE INDEX problems_officer_idx ON problems (officer_id, status);
CREATE INDEX problems_received_idx ON problems (received_at);

CREATE TABLE problem_contacts (
    problem_id  UUID PRIMARY KEY NOT NULL REFERENCES problems (id),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT NOT NULL,
    notify      BOOLEAN NOT NULL
);

-- Photos as kept: metadata already stripped.
CREATE TABLE problem_photos (
    id            UUID PRIMARY KEY NOT NULL,
    problem_id    UUID NOT NULL REFERENCES problems (id),
    seq           BIGINT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    data          BYTEA NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX problem_photos_problem_idx ON problem_photos (problem_id, seq);

-- The steps, each with the note the public reads.
CREATE TABLE problem_events (
    id          UUID PRIMARY KEY NOT NULL,
    problem_id  UUID NOT NULL REFERENCES problems (id),
    action      TEXT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX problem_events_problem_idx ON problem_events (problem_id, created_at);

-- Client apps allowed to file reports through Open311, each with its own
-- key; only the key's hash is kept.
CREATE TABLE api_clients (
    id          UUID PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    key_hash    TEXT NOT NULL UNIQUE,
    key_hint    TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT,
    updated_at  BIGINT NOT NULL
);
