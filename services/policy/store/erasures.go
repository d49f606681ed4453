package store

import (
	"context"
	"database/sql"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// Erasure is a data-subject erasure as stored: the API's Erasure, plus
// what its job needs to go on (the subject while it runs, the step
// reached, the revisions the later steps wait for).
type Erasure struct {
	*policyv1.Erasure
	// Subject is the user being erased; empty once done.
	Subject string
	// Step is the next step to run.
	Step int
	// PolicyRevision and ConsentRevision are the revisions contact-sync and
	// consent must have followed before their parts.
	PolicyRevision, ConsentRevision int64
	// AuditCursor is how far down the audit log pseudonymisation has come:
	// the entries below it are left (0: from the newest).
	AuditCursor int64
}

const erasureColumns = `id, tenant, subject, pseudonym, state, step, policy_revision, consent_revision, audit_cursor, receipts, actor, create_time, end_time`

func scanErasure(row sqlstore.Scanner) (*Erasure, error) {
	e := &Erasure{Erasure: &policyv1.Erasure{}}
	var (
		subject        sql.NullString
		receipts       string
		created, ended int64
	)
	if err := row.Scan(&e.Id, &e.Tenant, &subject, &e.Pseudonym, &e.State, &e.Step, &e.PolicyRevision, &e.ConsentRevision,
		&e.AuditCursor, &receipts, &e.Actor, &created, &ended); err != nil {
		return nil, err
	}
	e.Subject = subject.String
	// The receipts are kept as the API writes them, inside an Erasure.
	var r policyv1.Erasure
	if err := protojson.Unmarshal([]byte(receipts), &r); err != nil {
		return nil, err
	}
	e.Receipts = r.Receipts
	e.CreateTime = fromMicros(created)
	if ended != 0 {
		e.EndTime = fromMicros(ended)
	}
	return e, nil
}

// GetErasure reads an erasure of tenant.
func (r queries) GetErasure(ctx context.Context, tenant, id string) (*Erasure, error) {
	e, err := scanErasure(r.QueryRow(ctx, `SELECT `+erasureColumns+` FROM erasures WHERE tenant = ? AND id = ?`, tenant, id))
	return e, sqlstore.NotFound(err)
}

// PutErasure writes an erasure, new or changed. A done erasure no longer
// names its subject.
func (t sqlTx) PutErasure(ctx context.Context, e *Erasure) error {
	receipts, err := protojson.Marshal(&policyv1.Erasure{Receipts: e.Receipts})
	if err != nil {
		return err
	}
	subject := sql.NullString{String: e.Subject, Valid: e.Subject != "" && e.State != policyv1.Erasure_DONE}
	var ended int64
	if e.EndTime != nil {
		ended = e.EndTime.AsTime().UnixMicro()
	}
	_, err = t.Exec(ctx, `INSERT INTO erasures (`+erasureColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, state = excluded.state, step = excluded.step,
			policy_revision = excluded.policy_revision, consent_revision = excluded.consent_revision, audit_cursor = excluded.audit_cursor,
			receipts = excluded.receipts, end_time = excluded.end_time`,
		e.Id, e.Tenant, subject, e.Pseudonym, int32(e.State), e.Step, e.PolicyRevision, e.ConsentRevision, e.AuditCursor,
		string(receipts), e.Actor, e.CreateTime.AsTime().UnixMicro(), ended)
	return err
}

// ActiveErasure reads the erasure of subject under way in tenant, if any
// (ErrNotFound when none).
func (r queries) ActiveErasure(ctx context.Context, tenant, subject string) (*Erasure, error) {
	e, err := scanErasure(r.QueryRow(ctx, `SELECT `+erasureColumns+` FROM erasures WHERE tenant = ? AND subject = ?`, tenant, subject))
	return e, sqlstore.NotFound(err)
}
