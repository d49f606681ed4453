-- +goose Up
-- The revision of each user's and group's last change (a group's members
-- included), their etag: the configuration apply (liaisonctl apply) writes
-- "only if nobody changed it since". Rows written before this migration
-- have revision 0 until their next change.
ALTER TABLE users ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE directory_groups ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE directory_groups DROP COLUMN revision;
ALTER TABLE users DROP COLUMN revision;
