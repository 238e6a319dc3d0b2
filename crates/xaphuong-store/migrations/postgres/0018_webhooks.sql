-- What other systems and citizens are told. Each change that matters
-- outside writes an event here in its own transaction (the outbox), and
-- with it one delivery per webhook of the record's commune that asked for
-- that kind of event, and one to the applicant's e-mail address when the
-- event is one citizens are told of; the server delivers them at least
-- once, in order per record and target.
CREATE TABLE outbox_events (
    id          UUID PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL,
    record      TEXT NOT NULL,
    record_id   UUID NOT NULL,
    -- The record's version after the change: the order of its events.
    seq         BIGINT NOT NULL,
    commune_id  UUID NOT NULL,
    unit_path   TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX outbox_events_record_idx ON outbox_events (record_id, seq);
-- A reorganisation rewrites the paths of a moved range.
CREATE INDEX outbox_events_path_idx ON outbox_events (unit_path);

-- An endpoint a commune's administrator registered, and the kinds of event
-- it wants ('*' for all).
CREATE TABLE webhooks (
    id          UUID PRIMARY KEY NOT NULL,
    commune_id  UUID NOT NULL REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    events      TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    note        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX webhooks_path_idx ON webhooks (unit_path);

-- One event to one target — a webhook, or a citizen's e-mail address —:
-- pending until delivered, or dead after the last attempt (then replayed
-- by hand). A claimed row carries a lease.
CREATE TABLE deliveries (
    id            UUID PRIMARY KEY NOT NULL,
    event_id      UUID NOT NULL REFERENCES outbox_events (id),
    -- webhook | email
    channel       TEXT NOT NULL,
    webhook_id    UUID REFERENCES webhooks (id),
    address       TEXT NOT NULL,
    record_id     UUID NOT NULL,
    seq           BIGINT NOT NULL,
    state         TEXT NOT NULL,
    attempts      BIGINT NOT NULL,
    next_at       BIGINT NOT NULL,
    lease_until   BIGINT NOT NULL,
    -- The claim that holds the lease, to read back what it took.
    claim         UUID,
    last_status   BIGINT,
    last_error    TEXT NOT NULL,
    delivered_at  BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX deliveries_due_idx ON deliveries (channel, next_at) WHERE state = 'pending';
CREATE INDEX deliveries_order_idx ON deliveries (record_id, channel, seq) WHERE state = 'pending';
CREATE INDEX deliveries_claim_idx ON deliveries (claim) WHERE claim IS NOT NULL;
CREATE INDEX deliveries_webhook_idx ON deliveries (webhook_id, created_at);
