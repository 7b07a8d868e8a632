-- Grain state for Microsoft.Orleans.Persistence.AdoNet, plus a change feed (PostgresGrainStateFeed).
--
-- The provider's contract, as its code reads it:
-- * a grain is named by ServiceId, GrainTypeString (the state name given to [PersistentState]), the key
--   split into GrainIdN0 / GrainIdN1 / GrainIdExtensionString, and two int hashes of type and key that
--   narrow the lookup (they may collide, so the full key is compared as well);
-- * the ETag is the integer version; @GrainStateVersion is NULL for a grain that has never been written;
-- * write and clear must return exactly one row: the new version, or NULL when the expected version did
--   not match (the provider turns NULL into InconsistentStateException);
-- * a cleared row keeps its version with a NULL payload, so the next write is still fenced by version.
--
-- change_seq: every write takes the next value of orleans_storage_change_seq, so followers can ask for
-- "everything written after N" through the (service_id, change_seq) index. Clears keep their number
-- and are not reported by the feed (NULL payload).
CREATE SEQUENCE orleans_storage_change_seq AS bigint;

CREATE TABLE orleans_storage (
    service_id text NOT NULL,
    grain_type_hash integer NOT NULL,
    grain_type text NOT NULL,
    grain_id_hash integer NOT NULL,
    grain_id_n0 bigint NOT NULL,
    grain_id_n1 bigint NOT NULL,
    grain_id_extension text,
    payload bytea,
    version integer NOT NULL,
    change_seq bigint NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now()
);

-- NULLS NOT DISTINCT (PostgreSQL 15+): integer- and GUID-keyed grains have no extension, and two
-- writers racing to create the same such grain must still collide.
CREATE UNIQUE INDEX orleans_storage_grain ON orleans_storage
    (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
    NULLS NOT DISTINCT;

CREATE INDEX orleans_storage_changes ON orleans_storage (service_id, change_seq);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- With a version: update that version only. Without one: insert, unless the grain exists already.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary, version = version + 1,
        change_seq = nextval('orleans_storage_change_seq'), modified_at = now()
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO orleans_storage (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0,
                                 grain_id_n1, grain_id_extension, payload, version, change_seq)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0,
           @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1, nextval('orleans_storage_change_seq')
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted) AS "NewGrainStateVersion"
$q$),

('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_storage
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$q$),

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set. The
-- provider expects the deleted version plus one back (anything but the version it sent means success).
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_storage
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion"
$q$);
