-- EngagementGrains tables in PostgreSQL: the event log (the source of truth), grain state snapshots,
-- the wake-up schedule and segment memberships with their change feeds.
-- Apply with deploy/sql/apply.sh (idempotent). The engine refuses to start when eg_schema does not hold
-- the version it expects.

CREATE TABLE IF NOT EXISTS eg_schema (
    component text PRIMARY KEY,
    version integer NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE IF NOT EXISTS eg_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    individual_id text NOT NULL,
    event_id text NOT NULL,
    occurred_at bigint NOT NULL,
    type text NOT NULL,
    body text NOT NULL,
    -- The individual an event was first acknowledged for, when a merge copied it here ('' for its own).
    origin text NOT NULL DEFAULT '',
    -- The idempotency guarantee: one (individual, eventId, origin) is stored once, whatever retries or
    -- duplicate activations try; appends also skip an eventId the individual has from any origin, and a
    -- merge keeps both people's events that share an eventId.
    CONSTRAINT eg_events_once UNIQUE (individual_id, event_id, origin));
-- Version 1 keyed events by (individual_id, event_id) alone.
ALTER TABLE eg_events ADD COLUMN IF NOT EXISTS origin text NOT NULL DEFAULT '';
DO $$
BEGIN
    IF (SELECT array_length(conkey, 1) FROM pg_constraint WHERE conname = 'eg_events_once') = 2 THEN
        ALTER TABLE eg_events DROP CONSTRAINT eg_events_once;
        ALTER TABLE eg_events ADD CONSTRAINT eg_events_once UNIQUE (individual_id, event_id, origin);
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS eg_events_replay ON eg_events (individual_id, seq);
CREATE INDEX IF NOT EXISTS eg_events_timeline ON eg_events (individual_id, occurred_at DESC, seq DESC);

CREATE TABLE IF NOT EXISTS eg_grain_state (
    grain_id text NOT NULL,
    state_name text NOT NULL,
    -- Every write names the etag it read; a stale activation's write matches no row and fails.
    etag bigint NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (grain_id, state_name));

CREATE TABLE IF NOT EXISTS eg_wakeups (
    individual_id text PRIMARY KEY,
    shard integer NOT NULL,
    due_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS eg_wakeups_due ON eg_wakeups (shard, due_at);

CREATE TABLE IF NOT EXISTS eg_segment_members (
    segment text NOT NULL,
    individual_id text NOT NULL,
    since bigint NOT NULL,
    PRIMARY KEY (segment, individual_id));
CREATE INDEX IF NOT EXISTS eg_segment_members_by_individual ON eg_segment_members (individual_id);

CREATE TABLE IF NOT EXISTS eg_segment_changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    segment text NOT NULL,
    individual_id text NOT NULL,
    entered boolean NOT NULL,
    at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS eg_segment_changes_feed ON eg_segment_changes (segment, seq);
CREATE INDEX IF NOT EXISTS eg_segment_changes_by_individual ON eg_segment_changes (individual_id);

-- Version 3: how many events each individual has, kept in the transactions that add or remove its rows, so
-- a silo checks that no other copy of the individual appended with one index lookup rather than a count of
-- every row. Filled from the log when the table is created.
DO $$
BEGIN
    IF to_regclass('eg_event_counts') IS NULL THEN
        CREATE TABLE eg_event_counts (
            individual_id text PRIMARY KEY,
            events bigint NOT NULL);
        INSERT INTO eg_event_counts (individual_id, events) SELECT individual_id, count(*) FROM eg_events GROUP BY individual_id;
    END IF;
END $$;

-- Version 3 also: this database's place among the databases an individual's rows are partitioned over, written
-- by the first silo that starts on it; a silo configured with another list refuses to start.
CREATE TABLE IF NOT EXISTS eg_partition (
    one_row boolean PRIMARY KEY DEFAULT true CHECK (one_row),
    position integer NOT NULL,
    partitions integer NOT NULL);

INSERT INTO eg_schema (component, version) VALUES ('engagement', 3)
ON CONFLICT (component) DO UPDATE SET version = excluded.version, applied_at = now();
