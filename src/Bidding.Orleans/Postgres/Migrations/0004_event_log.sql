-- The campaigns' event log behind the event-log stream provider (src/Bidding.Orleans/EventLog).
-- eventlog_partition: each partition's next position (appends lock the row until they commit, so a
-- partition's entries become visible in position order); its rows are made at first start for the
-- configured partition count, which eventlog_meta keeps so a changed count is refused.
-- eventlog_entry: an entry's id (an event id, when the producer gave one) is unique while kept, so a
-- repeated notice is stored once. eventlog_checkpoint: how far each reader (a queue's receiver, a
-- readiness probe) has come in a partition. (IF NOT EXISTS: logs made before this migration keep their tables.)
CREATE TABLE IF NOT EXISTS eventlog_partition (
    partition integer PRIMARY KEY,
    next_position bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS eventlog_entry (
    partition integer NOT NULL,
    position bigint NOT NULL,
    event_id text,
    payload bytea NOT NULL,
    appended_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partition, position)
);

CREATE UNIQUE INDEX IF NOT EXISTS eventlog_entry_event_id ON eventlog_entry (event_id) WHERE event_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS eventlog_checkpoint (
    partition integer NOT NULL,
    consumer text NOT NULL,
    position bigint NOT NULL,
    PRIMARY KEY (partition, consumer)
);

CREATE TABLE IF NOT EXISTS eventlog_meta (
    name text PRIMARY KEY,
    value bigint NOT NULL
);
