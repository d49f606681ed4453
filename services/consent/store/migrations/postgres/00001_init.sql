-- +goose Up
-- Times are microseconds since the Unix epoch; revisions come from
-- consent_events. Sealed tokens and verifiers are NULL when absent.
-- Ids that lists are ordered and paged by use the bytewise "C" collation, so
-- the order is the same as SQLite's whatever the database's locale.

CREATE TABLE links (
    tenant             TEXT NOT NULL,
    user_id            TEXT COLLATE "C" NOT NULL,
    member_id          TEXT NOT NULL,
    direction          BIGINT NOT NULL,
    -- OAuth scopes never hold a space (RFC 6749), so a space joins them.
    scopes             TEXT NOT NULL DEFAULT '',
    access_token       BYTEA,
    refresh_token      BYTEA,
    token_expiry       BIGINT NOT NULL,
    ever_bidirectional BOOLEAN NOT NULL,
    connect_time       BIGINT NOT NULL,
    update_time        BIGINT NOT NULL,
    revision           BIGINT NOT NULL,
    PRIMARY KEY (tenant, user_id),
    -- A member links to at most one user of a tenant.
    UNIQUE (tenant, member_id)
);

CREATE TABLE pending_authorizations (
    state_hash    TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    direction     BIGINT NOT NULL,
    redirect_uri  TEXT NOT NULL,
    binding_hash  TEXT NOT NULL DEFAULT '',
    code_verifier BYTEA,
    create_time   BIGINT NOT NULL,
    expire_time   BIGINT NOT NULL
);
CREATE INDEX pending_authorizations_by_expiry ON pending_authorizations (expire_time);

CREATE TABLE consent_events (
    revision           BIGSERIAL PRIMARY KEY,
    time               BIGINT NOT NULL,
    tenant             TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    kind               BIGINT NOT NULL,
    reason             BIGINT NOT NULL,
    actor              TEXT NOT NULL,
    direction          BIGINT NOT NULL,
    previous_direction BIGINT NOT NULL,
    member_id          TEXT NOT NULL,
    request_id         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consent_events_by_tenant ON consent_events (tenant, revision);

-- How far each followed change stream has been handled.
CREATE TABLE cursors (
    name     TEXT PRIMARY KEY,
    revision BIGINT NOT NULL
);

-- +goose Down
DROP TABLE cursors;
DROP TABLE consent_events;
DROP TABLE pending_authorizations;
DROP TABLE links;
