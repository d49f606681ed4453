-- +goose Up
-- The ledger's revisions now come from the platform's change log (created
-- by the platform's migrations, which run first): every ledger event has an
-- entry of the same revision there. The ledger itself is kept in full; the
-- change log is trimmed. Cursors move to the platform's follow_cursors.

INSERT INTO changelog (revision, tenant, resource, kind, time)
    SELECT revision, tenant, 'users/' || user_id, kind, time FROM consent_events;
-- New revisions continue after the copied ones.
SELECT setval(pg_get_serial_sequence('changelog', 'revision'), COALESCE(MAX(revision), 0) + 1, false) FROM changelog;

INSERT INTO follow_cursors (name, revision)
    SELECT CASE name WHEN 'policy-watch' THEN 'policy' ELSE name END, revision FROM cursors;
DROP TABLE cursors;

-- +goose Down
CREATE TABLE cursors (
    name     TEXT PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO cursors (name, revision)
    SELECT CASE name WHEN 'policy' THEN 'policy-watch' ELSE name END, revision FROM follow_cursors;
DELETE FROM follow_cursors;
DELETE FROM changelog;
