-- +goose Up
-- The steps at LinkedIn that follow a revocation, one row per revocation:
-- the revocation commits here at once, and the steps are worked from the
-- job queue, retried until done. The sealed tokens a step needs move here
-- from the link, and are erased once no step needs them.
-- Step states: 0 not needed, 1 pending, 2 done, 3 failed (liaison.consent.v1.RemoteStep.State).
CREATE TABLE remote_cleanups (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant            TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    member_id         TEXT NOT NULL,
    revision          INTEGER NOT NULL,
    contacts_state    INTEGER NOT NULL,
    contacts_deleted  INTEGER NOT NULL DEFAULT 0,
    tokens_state      INTEGER NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT NOT NULL DEFAULT '',
    access_token      BLOB,
    refresh_token     BLOB,
    create_time       INTEGER NOT NULL,
    update_time       INTEGER NOT NULL
);
CREATE INDEX remote_cleanups_by_user ON remote_cleanups (tenant, user_id, id);

-- +goose Down
DROP TABLE remote_cleanups;
