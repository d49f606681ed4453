-- +goose Up
-- Times are microseconds since the Unix epoch. Each mailbox numbers the
-- changes to its contacts (seq), which the client delta reads.

-- A mailbox: a user who has connected LinkedIn or keeps contacts here.
CREATE TABLE mailboxes (
    tenant          TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    -- Eligibility, as last judged from policy and consent.
    eligible        INTEGER NOT NULL DEFAULT 0,
    reason          INTEGER NOT NULL DEFAULT 0,
    direction       INTEGER NOT NULL DEFAULT 0,
    -- The "linkedin" folder exists (created by the first sync).
    linkedin_folder INTEGER NOT NULL DEFAULT 0,
    -- Where the network's feed stands: the sync token for next time, or the
    -- page token of a listing in progress and, for a full listing, the last
    -- member id applied.
    sync_token      TEXT NOT NULL DEFAULT '',
    page_token      TEXT NOT NULL DEFAULT '',
    listing_full    INTEGER NOT NULL DEFAULT 0,
    listing_after   TEXT NOT NULL DEFAULT '',
    -- A run is asked for (since requested_at) and not yet started: a
    -- request while one is waiting adds nothing.
    sync_requested  INTEGER NOT NULL DEFAULT 0,
    requested_at    INTEGER NOT NULL DEFAULT 0,
    -- The run in progress and the last one.
    state           INTEGER NOT NULL DEFAULT 0,
    holder          TEXT NOT NULL DEFAULT '',
    hold_until      INTEGER NOT NULL DEFAULT 0,
    run_added       INTEGER NOT NULL DEFAULT 0,
    run_updated     INTEGER NOT NULL DEFAULT 0,
    run_deleted     INTEGER NOT NULL DEFAULT 0,
    last_added      INTEGER NOT NULL DEFAULT 0,
    last_updated    INTEGER NOT NULL DEFAULT 0,
    last_deleted    INTEGER NOT NULL DEFAULT 0,
    last_success    INTEGER NOT NULL DEFAULT 0,
    last_attempt    INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_run        INTEGER NOT NULL DEFAULT 0,
    -- The newest change number; the newest whose deletions retention has
    -- forgotten (a delta from before it starts over); and the newest of the
    -- LinkedIn folder's last purge (rows up to it are the purge's, hidden).
    seq             INTEGER NOT NULL DEFAULT 0,
    trimmed_seq     INTEGER NOT NULL DEFAULT 0,
    linkedin_horizon INTEGER NOT NULL DEFAULT 0,
    -- The own folder's change number last exported to the network.
    exported_seq    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, user_id)
);
CREATE INDEX mailboxes_due ON mailboxes (eligible, next_run);

-- Contacts of both folders. A synced contact's id is derived from its
-- member id, so applying a page twice writes the same rows.
CREATE TABLE contacts (
    tenant       TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    folder       TEXT NOT NULL,
    id           TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    given_name   TEXT NOT NULL DEFAULT '',
    surname      TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '',
    company      TEXT NOT NULL DEFAULT '',
    job_title    TEXT NOT NULL DEFAULT '',
    -- JSON arrays.
    phones       TEXT NOT NULL DEFAULT '[]',
    emails       TEXT NOT NULL DEFAULT '[]',
    addresses    TEXT NOT NULL DEFAULT '[]',
    -- Normalised emails and phones, space-separated, for linking.
    match_keys   TEXT NOT NULL DEFAULT '',
    etag         TEXT NOT NULL,
    create_time  INTEGER NOT NULL,
    update_time  INTEGER NOT NULL,
    PRIMARY KEY (tenant, user_id, folder, id)
);
CREATE INDEX contacts_by_seq ON contacts (tenant, user_id, folder, seq);
CREATE INDEX contacts_by_source ON contacts (tenant, user_id, folder, source);

-- Deleted contacts, for the client delta.
CREATE TABLE contact_tombstones (
    tenant  TEXT NOT NULL,
    user_id TEXT NOT NULL,
    folder  TEXT NOT NULL,
    id      TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    time    INTEGER NOT NULL,
    PRIMARY KEY (tenant, user_id, folder, id)
);
CREATE INDEX contact_tombstones_by_seq ON contact_tombstones (tenant, user_id, folder, seq);
-- Retention trims the oldest.
CREATE INDEX contact_tombstones_by_time ON contact_tombstones (time);

-- The normalised emails and phones of the user's own contacts: what a
-- synced contact links to.
CREATE TABLE own_contact_keys (
    tenant     TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    match_key  TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    PRIMARY KEY (tenant, user_id, match_key, contact_id)
);

-- Purges of synced contacts after a user lost eligibility.
CREATE TABLE purge_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant      TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    state       INTEGER NOT NULL,
    trigger_kind INTEGER NOT NULL,
    reason      INTEGER NOT NULL,
    -- Contacts changed at or before this number are the purge's.
    up_to_seq   INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    total       INTEGER NOT NULL,
    create_time INTEGER NOT NULL,
    start_time  INTEGER NOT NULL DEFAULT 0,
    end_time    INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purge_jobs_by_tenant ON purge_jobs (tenant, id);
CREATE INDEX purge_jobs_by_user ON purge_jobs (tenant, user_id, id);

-- +goose Down
DROP TABLE purge_jobs;
DROP TABLE own_contact_keys;
DROP TABLE contact_tombstones;
DROP TABLE contacts;
DROP TABLE mailboxes;
