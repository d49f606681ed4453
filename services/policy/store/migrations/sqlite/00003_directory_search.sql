-- +goose Up
-- What a directory search matches: the id, email and names, lower-cased by
-- the service (so both databases fold case alike, beyond ASCII). Rows
-- written before this migration get theirs when the store opens
-- (store.Open).
ALTER TABLE users ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE directory_groups ADD COLUMN search_key TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE directory_groups DROP COLUMN search_key;
ALTER TABLE users DROP COLUMN search_key;
