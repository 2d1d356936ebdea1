-- Orleans grain state in PostgreSQL, for the ADO.NET persistence provider (Invariant "Npgsql"), which
-- EngagementGrains uses for every grain but the individuals (their snapshots live in eg_grain_state, next
-- to the log they are checked against). Written for this project from the provider's contract: it reads
-- three statements from orleansquery, binds the grain's identity as hashes, numbers and an optional
-- string, and reads columns by name. A row is one grain state; its version is the etag: a write names the
-- version it read and succeeds only if it still holds, so a stale activation cannot overwrite newer state.

CREATE TABLE IF NOT EXISTS orleansstorage (
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring text NOT NULL,
    grainidextensionstring text,
    serviceid text NOT NULL,
    payloadbinary bytea,
    modifiedon timestamptz NOT NULL DEFAULT now(),
    version integer);

-- One row per grain state, so two first writes racing cannot both insert (one index for keys without an
-- extension string, one for keys with it: a NULL would otherwise never conflict).
CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_grain
    ON orleansstorage (serviceid, graintypehash, grainidhash, grainidn0, grainidn1, graintypestring)
    WHERE grainidextensionstring IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_grain_extended
    ON orleansstorage (serviceid, graintypehash, grainidhash, grainidn0, grainidn1, graintypestring, grainidextensionstring)
    WHERE grainidextensionstring IS NOT NULL;

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadFromStorageKey', $q$
SELECT payloadbinary, version FROM orleansstorage
WHERE serviceid = @ServiceId AND graintypehash = @GrainTypeHash AND grainidhash = @GrainIdHash
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1 AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- A known version updates the row only if it still holds; no version inserts version 1 only if there is
-- no row. Exactly one row comes back: the new version, or NULL when the write lost (a version conflict).
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleansstorage SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
    WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
      AND serviceid = @ServiceId AND graintypehash = @GrainTypeHash AND grainidhash = @GrainIdHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1 AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version),
inserted AS (
    INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                grainidextensionstring, serviceid, payloadbinary, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS newgrainstateversion
$q$),

-- Clearing keeps the row as a tombstone with the next version, so versions never go back.
('ClearStorageKey', $q$
UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1, modifiedon = now()
WHERE version = @GrainStateVersion
  AND serviceid = @ServiceId AND graintypehash = @GrainTypeHash AND grainidhash = @GrainIdHash
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1 AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
RETURNING version
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO eg_schema (component, version) VALUES ('orleans-persistence', 1)
ON CONFLICT (component) DO UPDATE SET version = excluded.version, applied_at = now();
