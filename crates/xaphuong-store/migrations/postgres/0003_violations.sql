-- The urban-order violation register: cases and their dated legal steps.

CREATE TABLE violations (
    id           UUID PRIMARY KEY NOT NULL,
    commune_id   UUID NOT NULL REFERENCES units (id),
    -- The residential group, if known; the case is visible to its head.
    group_id     UUID REFERENCES units (id),
    -- Path of the group (or the commune): the case's place in the tree.
    unit_path    TEXT COLLATE "C" NOT NULL,
    kind         TEXT NOT NULL,
    offender     TEXT NOT NULL,
    address      TEXT NOT NULL,
    description  TEXT NOT NULL,
    search_key   TEXT NOT NULL,
    detected_on  TEXT NOT NULL,
    -- Derived from the steps, kept here for lists and counts.
    state        TEXT NOT NULL,
    deadline     TEXT,
    resolved_on  TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX violations_place_idx ON violations (unit_path, detected_on);
CREATE INDEX violations_commune_idx ON violations (commune_id, detected_on);
CREATE INDEX violations_state_idx ON violations (commune_id, state, deadline);
CREATE INDEX violations_kind_idx ON violations (commune_id, kind);
CREATE INDEX violations_group_idx ON violations (group_id, detected_on);

CREATE TABLE violation_events (
    id            UUID PRIMARY KEY NOT NULL,
    violation_id  UUID NOT NULL REFERENCES violations (id) ON DELETE CASCADE,
    step          TEXT NOT NULL,
    on_date       TEXT NOT NULL,
    deadline      TEXT,
    document      TEXT NOT NULL,
    note          TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX violation_events_case_idx ON violation_events (violation_id, on_date, created_at);
