-- +goose Up
-- Times are microseconds since the Unix epoch.

-- The change log: one row per change, written in the change's transaction.
-- The service's own tables say what changed; this says that something did,
-- in order, so readers can follow. Old rows are trimmed (see the horizon).
CREATE TABLE changelog (
    revision INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant   TEXT NOT NULL,
    resource TEXT NOT NULL,
    kind     INTEGER NOT NULL,
    time     INTEGER NOT NULL
);
CREATE INDEX changelog_by_tenant ON changelog (tenant, revision);
CREATE INDEX changelog_by_time ON changelog (time);

-- The newest revision retention has trimmed: a reader behind it has missed
-- changes and must start over.
CREATE TABLE changelog_horizon (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO changelog_horizon (id, revision) VALUES (1, 0);

-- How far each stream this service follows has been handled.
CREATE TABLE follow_cursors (
    name     TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
);

-- Who may do a job that only one replica may do at a time, until when.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expire_time INTEGER NOT NULL
);

-- +goose Down
DROP TABLE leases;
DROP TABLE follow_cursors;
DROP TABLE changelog_horizon;
DROP TABLE changelog;
