-- What was delivered is forgotten after a while (serve --outbox-keep-days):
-- deliveries done by the day they were done, then the events no delivery
-- waits for, by age, each found through its own index.
CREATE INDEX deliveries_done_idx ON deliveries (delivered_at) WHERE state = 'delivered';
CREATE INDEX deliveries_event_idx ON deliveries (event_id);
CREATE INDEX outbox_events_created_idx ON outbox_events (created_at);
