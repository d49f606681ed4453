-- +goose Up
-- Data-subject erasures in progress or done. The subject (the user being
-- erased) is kept only while the erasure runs; once done the row names the
-- pseudonym alone, with each service's receipt.
CREATE TABLE erasures (
    id               TEXT PRIMARY KEY,
    tenant           TEXT NOT NULL,
    subject          TEXT,
    pseudonym        TEXT NOT NULL,
    state            BIGINT NOT NULL,
    step             BIGINT NOT NULL,
    policy_revision  BIGINT NOT NULL DEFAULT 0,
    consent_revision BIGINT NOT NULL DEFAULT 0,
    audit_cursor     BIGINT NOT NULL DEFAULT 0,
    receipts         TEXT NOT NULL DEFAULT '{}',
    actor            TEXT NOT NULL,
    create_time      BIGINT NOT NULL,
    end_time         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX erasures_by_tenant ON erasures (tenant, create_time);
-- One erasure of a person at a time: a second request joins the first.
CREATE UNIQUE INDEX erasures_active ON erasures (tenant, subject) WHERE subject IS NOT NULL;

-- +goose Down
DROP TABLE erasures;
