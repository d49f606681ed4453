-- +goose Up
-- A user holds a few started connections at most: starting one more
-- removes their oldest, found through this index.
CREATE INDEX pending_authorizations_by_user ON pending_authorizations (tenant, user_id, create_time);

-- +goose Down
DROP INDEX pending_authorizations_by_user;
