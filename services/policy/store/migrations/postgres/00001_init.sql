-- +goose Up
-- Times are microseconds since the Unix epoch; revisions come from changes.
-- Ids that lists are ordered and paged by use the bytewise "C" collation, so
-- the order is the same as SQLite's whatever the database's locale.

CREATE TABLE tenants (
    id            TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    cloud         BIGINT NOT NULL,
    data_location TEXT NOT NULL,
    create_time   BIGINT NOT NULL
);

CREATE TABLE users (
    tenant         TEXT NOT NULL REFERENCES tenants (id),
    id             TEXT COLLATE "C" NOT NULL,
    email          TEXT NOT NULL,
    mailbox_policy TEXT NOT NULL DEFAULT '',
    manager        TEXT NOT NULL DEFAULT '',
    profile        BYTEA NOT NULL,
    create_time    BIGINT NOT NULL,
    update_time    BIGINT NOT NULL,
    PRIMARY KEY (tenant, id)
);
-- An email is taken in a tenant whatever its case.
CREATE UNIQUE INDEX users_email ON users (tenant, lower(email));
CREATE INDEX users_by_manager ON users (tenant, manager);

CREATE TABLE directory_groups (
    tenant       TEXT NOT NULL REFERENCES tenants (id),
    id           TEXT COLLATE "C" NOT NULL,
    display_name TEXT NOT NULL,
    type         BIGINT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    create_time  BIGINT NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE group_members (
    tenant      TEXT NOT NULL,
    group_id    TEXT COLLATE "C" NOT NULL,
    member_kind TEXT NOT NULL CHECK (member_kind IN ('users', 'groups')),
    member_id   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant, group_id, member_kind, member_id),
    FOREIGN KEY (tenant, group_id) REFERENCES directory_groups (tenant, id) ON DELETE CASCADE
);
CREATE INDEX group_members_by_member ON group_members (tenant, member_kind, member_id);

CREATE TABLE linkedin_settings (
    tenant                TEXT PRIMARY KEY REFERENCES tenants (id),
    mode                  BIGINT,
    selected_group        TEXT NOT NULL DEFAULT '',
    max_consent_direction BIGINT,
    revision              BIGINT NOT NULL,
    update_actor          TEXT NOT NULL DEFAULT '',
    update_time           BIGINT NOT NULL
);

CREATE TABLE client_policies (
    tenant       TEXT PRIMARY KEY REFERENCES tenants (id),
    setting      BIGINT NOT NULL,
    revision     BIGINT NOT NULL,
    update_actor TEXT NOT NULL DEFAULT '',
    update_time  BIGINT NOT NULL
);

CREATE TABLE client_policy_overrides (
    tenant   TEXT NOT NULL REFERENCES tenants (id),
    seq      BIGINT NOT NULL,
    group_id TEXT NOT NULL,
    setting  BIGINT NOT NULL,
    PRIMARY KEY (tenant, seq),
    UNIQUE (tenant, group_id)
);

CREATE TABLE mailbox_policies (
    tenant                        TEXT NOT NULL REFERENCES tenants (id),
    id                            TEXT COLLATE "C" NOT NULL,
    linkedin_contact_sync_enabled BOOLEAN NOT NULL,
    is_default                    BOOLEAN NOT NULL,
    revision                      BIGINT NOT NULL,
    update_actor                  TEXT NOT NULL DEFAULT '',
    update_time                   BIGINT NOT NULL,
    PRIMARY KEY (tenant, id)
);
-- Exactly one default per tenant: at most one by this index, at least one by
-- the service, which never clears a default without moving it.
CREATE UNIQUE INDEX mailbox_policies_one_default ON mailbox_policies (tenant) WHERE is_default;

CREATE TABLE changes (
    revision  BIGSERIAL PRIMARY KEY,
    tenant    TEXT NOT NULL,
    resource  TEXT NOT NULL,
    operation BIGINT NOT NULL,
    time      BIGINT NOT NULL
);
CREATE INDEX changes_by_tenant ON changes (tenant, revision);

CREATE TABLE audit_events (
    revision   BIGINT PRIMARY KEY REFERENCES changes (revision),
    tenant     TEXT NOT NULL,
    time       BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    resource   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_by_tenant ON audit_events (tenant, revision);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE changes;
DROP TABLE mailbox_policies;
DROP TABLE client_policy_overrides;
DROP TABLE client_policies;
DROP TABLE linkedin_settings;
DROP TABLE group_members;
DROP TABLE directory_groups;
DROP TABLE users;
DROP TABLE tenants;
