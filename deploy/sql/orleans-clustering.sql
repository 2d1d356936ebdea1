-- Orleans cluster membership in PostgreSQL, for the ADO.NET clustering provider (Invariant "Npgsql").
-- Written for EngagementGrains from the provider's contract: it reads its statements from
-- orleansquery by key at start-up, binds @-named parameters, and reads result columns by name.
-- Optimistic concurrency is one version counter per cluster: every insert or update of a member
-- names the version it read and bumps it, all in one statement, so two silos changing the table at
-- once cannot both win. Table names are unquoted: the provider's own SELECT is unquoted too.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey varchar(64) PRIMARY KEY,
    querytext text NOT NULL);

CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid text PRIMARY KEY,
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid text NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname text NOT NULL,
    hostname text NOT NULL,
    status integer NOT NULL,
    proxyport integer NOT NULL DEFAULT 0,
    suspecttimes text,
    starttime timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation));

INSERT INTO orleansquery (querykey, querytext) VALUES

-- One row: 1 when this call created the cluster's version row, 0 when it was there.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer AS created FROM created
$q$),

-- The version row, joined to every member; a cluster with no members still answers with its version.
('MembershipReadAllKey', $q$
SELECT v.deploymentid, v.version, m.address, m.port, m.generation, m.siloname, m.hostname,
       m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$q$),

('MembershipReadRowKey', $q$
SELECT v.deploymentid, v.version, m.address, m.port, m.generation, m.siloname, m.hostname,
       m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$q$),

-- Bump the version only if it is the one the silo read and the member is new; insert only if bumped.
-- A concurrent writer waits on the version row and then finds the version moved: it changes nothing.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, updated_at = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleansmembershiptable
                      WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid),
joined AS (
    INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::integer AS joined FROM joined
$q$),

('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, updated_at = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
      AND EXISTS (SELECT 1 FROM orleansmembershiptable
                  WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid),
changed AS (
    UPDATE orleansmembershiptable m
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    FROM bumped
    WHERE m.deploymentid = bumped.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*)::integer AS changed FROM changed
$q$),

-- Heartbeats are not versioned: they change no one's view of who is in the cluster.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
$q$),

-- What clients (our gateways) connect to: active silos that accept clients.
('GatewaysQueryKey', $q$
SELECT address, proxyport, generation FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$q$),

-- Rows of silos long gone (any status but active) are removed by the silos' clean-up agent.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO eg_schema (component, version) VALUES ('orleans-clustering', 1)
ON CONFLICT (component) DO UPDATE SET version = excluded.version, applied_at = now();
