-- +goose Up
-- The change log moves to the platform's changelog table (created by the
-- platform's migrations, which run first), keeping every revision, so
-- etags stay valid. The audit log stays: it is kept for as long as the
-- organization needs it, while the change log is trimmed, so an audit entry
-- no longer references its change.

INSERT INTO changelog (revision, tenant, resource, kind, time)
    SELECT revision, tenant, resource, operation, time FROM changes;
-- New revisions continue after the copied ones.
SELECT setval(pg_get_serial_sequence('changelog', 'revision'), COALESCE(MAX(revision), 0) + 1, false) FROM changelog;

ALTER TABLE audit_events DROP CONSTRAINT audit_events_revision_fkey;
DROP TABLE changes;

-- +goose Down
CREATE TABLE changes (
    revision  BIGSERIAL PRIMARY KEY,
    tenant    TEXT NOT NULL,
    resource  TEXT NOT NULL,
    operation BIGINT NOT NULL,
    time      BIGINT NOT NULL
);
CREATE INDEX changes_by_tenant ON changes (tenant, revision);
INSERT INTO changes (revision, tenant, resource, operation, time)
    SELECT revision, tenant, resource, kind, time FROM changelog;
SELECT setval(pg_get_serial_sequence('changes', 'revision'), COALESCE(MAX(revision), 0) + 1, false) FROM changes;
DELETE FROM changelog;
