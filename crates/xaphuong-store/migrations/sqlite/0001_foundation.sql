-- Administrative units, accounts, sessions, login throttling, audit trail.
-- Ids are UUIDv7 (BLOB here, UUID on PostgreSQL); instants are epoch
-- milliseconds (BIGINT); the two schemas differ only in those types.

CREATE TABLE units (
    id          BLOB PRIMARY KEY NOT NULL,
    parent_id   BLOB REFERENCES units (id),
    level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'group')),
    kind        TEXT NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    -- '/' || id || '/' … from the top: the subtree of a unit is a path range.
    path        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX units_national_code_key ON units (code) WHERE level <> 'group';
CREATE UNIQUE INDEX units_group_code_key ON units (parent_id, code) WHERE level = 'group';
CREATE INDEX units_parent_idx ON units (parent_id, code);
CREATE UNIQUE INDEX units_path_key ON units (path);
CREATE INDEX units_level_idx ON units (level, code);

CREATE TABLE users (
    id             BLOB PRIMARY KEY NOT NULL,
    -- NULL: a deployment administrator, above every unit.
    unit_id        BLOB REFERENCES units (id),
    username       TEXT NOT NULL,
    full_name      TEXT NOT NULL,
    search_key     TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'one_stop_officer', 'specialist_officer', 'group_head')),
    -- Fields of work (lĩnh vực) of a specialist officer, comma-separated codes.
    fields         TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    active         BOOLEAN NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE INDEX users_unit_idx ON users (unit_id, username);
CREATE INDEX users_role_idx ON users (role);


CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a stolen database yields no live cookie.
    token_hash    TEXT PRIMARY KEY NOT NULL,
    user_id       BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    address       TEXT NOT NULL,
    user_agent    TEXT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE login_throttle (
    key           TEXT PRIMARY KEY NOT NULL,
    failures      BIGINT NOT NULL,
    locked_until  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id          BLOB PRIMARY KEY NOT NULL,
    at          BIGINT NOT NULL,
    actor_id    BLOB,
    actor_name  TEXT NOT NULL,
    -- The unit the record belongs to and its path, so a leader sees the
    -- history of the scope only. NULL for deployment-level records.
    unit_id     BLOB,
    unit_path   TEXT,
    entity      TEXT NOT NULL,
    entity_id   BLOB NOT NULL,
    action      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_unit_idx ON audit_log (unit_path, at);
