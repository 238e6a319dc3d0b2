-- Photos and documents of a violation case, kept in the database so that a
-- backup holds them too.

CREATE TABLE violation_attachments (
    id            BLOB PRIMARY KEY NOT NULL,
    violation_id  BLOB NOT NULL REFERENCES violations (id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    data          BLOB NOT NULL,
    actor_name    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX violation_attachments_case_idx ON violation_attachments (violation_id, created_at);
