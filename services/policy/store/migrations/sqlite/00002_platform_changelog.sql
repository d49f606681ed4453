-- +goose Up
-- The change log moves to the platform's changelog table (created by the
-- platform's migrations, which run first), keeping every revision, so
-- etags stay valid. The audit log stays: it is kept for as long as the
-- organization needs it, while the change log is trimmed, so an audit entry
-- no longer references its change.

INSERT INTO changelog (revision, tenant, resource, kind, time)
    SELECT revision, tenant, resource, operation, time FROM changes;

-- SQLite cannot drop a constraint: the table is rebuilt without it.
CREATE TABLE audit_events_kept (
    revision    INTEGER PRIMARY KEY,
    tenant      TEXT NOT NULL,
    time        INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    resource    TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    request_id  TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_events_kept SELECT revision, tenant, time, actor, action, resource, before_json, after_json, request_id
    FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_kept RENAME TO audit_events;
CREATE INDEX audit_events_by_tenant ON audit_events (tenant, revision);

DROP TABLE changes;

-- +goose Down
CREATE TABLE changes (
    revision  INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant    TEXT NOT NULL,
    resource  TEXT NOT NULL,
    operation INTEGER NOT NULL,
    time      INTEGER NOT NULL
);
CREATE INDEX changes_by_tenant ON changes (tenant, revision);
INSERT INTO changes (revision, tenant, resource, operation, time)
    SELECT revision, tenant, resource, kind, time FROM changelog;
DELETE FROM changelog;
