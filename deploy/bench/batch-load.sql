-- The first half of a batch customer data platform's cycle: load the events (NDJSON on standard input)
-- into PostgreSQL. Run with: psql -f batch-load.sql < events.ndjson; then batch-segments.sql.

\set ON_ERROR_STOP on

SET client_min_messages = warning;
DROP TABLE IF EXISTS raw_events, events;
CREATE UNLOGGED TABLE raw_events (doc jsonb NOT NULL);
-- One JSON document per line; the odd quote and delimiter make COPY read each line whole.
\copy raw_events (doc) FROM pstdin WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')

-- A repeated eventId counts once per individual, as in the engine.
CREATE TABLE events AS
SELECT DISTINCT ON (doc->>'individualId', doc->>'eventId')
       doc->>'individualId' AS individual_id,
       doc->>'eventId' AS event_id,
       doc->>'type' AS type,
       (doc->>'occurredAt')::timestamptz AS occurred_at,
       COALESCE(doc->'attributes', '{}'::jsonb) AS attributes
FROM raw_events;
ANALYZE events;

