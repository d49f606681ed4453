-- +goose Up
-- Times are microseconds since the Unix epoch; revisions come from
-- consent_events. Sealed tokens and verifiers are NULL when absent.

CREATE TABLE links (
    tenant             TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    member_id          TEXT NOT NULL,
    direction          INTEGER NOT NULL,
    -- OAuth scopes never hold a space (RFC 6749), so a space joins them.
    scopes             TEXT NOT NULL DEFAULT '',
    access_token       BLOB,
    refresh_token      BLOB,
    token_expiry       INTEGER NOT NULL,
    ever_bidirectional BOOLEAN NOT NULL,
    connect_time       INTEGER NOT NULL,
    update_time        INTEGER NOT NULL,
    revision           INTEGER NOT NULL,
    PRIMARY KEY (tenant, user_id),
    -- A member links to at most one user of a tenant.
    UNIQUE (tenant, member_id)
);

CREATE TABLE pending_authorizations (
    state_hash    TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    direction     INTEGER NOT NULL,
    redirect_uri  TEXT NOT NULL,
    binding_hash  TEXT NOT NULL DEFAULT '',
    code_verifier BLOB,
    create_time   INTEGER NOT NULL,
    expire_time   INTEGER NOT NULL
);
CREATE INDEX pending_authorizations_by_expiry ON pending_authorizations (expire_time);

CREATE TABLE consent_events (
    revision           INTEGER PRIMARY KEY AUTOINCREMENT,
    time               INTEGER NOT NULL,
    tenant             TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    kind               INTEGER NOT NULL,
    reason             INTEGER NOT NULL,
    actor              TEXT NOT NULL,
    direction          INTEGER NOT NULL,
    previous_direction INTEGER NOT NULL,
    member_id          TEXT NOT NULL,
    request_id         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consent_events_by_tenant ON consent_events (tenant, revision);

-- How far each followed change stream has been handled.
CREATE TABLE cursors (
    name     TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
);

-- +goose Down
DROP TABLE cursors;
DROP TABLE consent_events;
DROP TABLE pending_authorizations;
DROP TABLE links;
