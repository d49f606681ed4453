package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store/migrations"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

// SQL is the Store on SQLite or PostgreSQL.
type SQL struct {
	changelog.Store
	queries
}

// Open opens the database at url ("sqlite:PATH" or "postgres://...") and,
// when migrate is set, applies pending migrations.
func Open(ctx context.Context, url string, migrate bool) (*SQL, error) {
	st, err := changelog.OpenStore(ctx, url, migrations.FS, migrate)
	if err != nil {
		return nil, err
	}
	// Every open, not only a migrating one: rows an older binary wrote
	// during a rolling upgrade get their keys when a new one starts.
	if err := backfillSearchKeys(ctx, st.DB()); err != nil {
		return nil, errors.Join(fmt.Errorf("search keys: %w", err), st.Close())
	}
	return &SQL{Store: st, queries: queries{st.DB().Reads()}}, nil
}

// Write runs fn in one write transaction.
func (s *SQL) Write(ctx context.Context, fn func(Tx) error) error {
	return s.DB().Write(ctx, func(tx *sqlstore.Tx) error {
		return fn(sqlTx{queries: queries{tx.Conn}, tx: tx, log: s.Log()})
	})
}

// ListAuditEvents lists a tenant's audit events, newest first.
func (s *SQL) ListAuditEvents(ctx context.Context, tenant string, before int64, limit int) ([]*policyv1.AuditEvent, error) {
	return s.auditEvents(ctx, tenant, before, limit)
}

func parseStruct(s sql.NullString) (*structpb.Struct, error) {
	if !s.Valid {
		return nil, nil
	}
	out := &structpb.Struct{}
	return out, protojson.Unmarshal([]byte(s.String), out)
}

// Snapshot reads a tenant's decision inputs in one read transaction.
func (s *SQL) Snapshot(ctx context.Context, tenant string) (*Snapshot, error) {
	var snap *Snapshot
	err := s.DB().ReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		snap, err = queries{s.DB().In(tx)}.snapshot(ctx, tenant)
		return err
	})
	return snap, err
}

func (r queries) snapshot(ctx context.Context, tenant string) (*Snapshot, error) {
	snap := &Snapshot{
		ContactSync:       map[string]bool{},
		UserMailboxPolicy: map[string]string{},
		Members:           map[string][]Member{},
	}
	var head sql.NullInt64
	if err := r.QueryRow(ctx, `SELECT MAX(revision) FROM changelog`).Scan(&head); err != nil {
		return nil, err
	}
	snap.Revision = head.Int64
	var err error
	if snap.Tenant, err = r.GetTenant(ctx, tenant); err != nil {
		return nil, err
	}
	if snap.LinkedIn, err = r.GetLinkedInSettings(ctx, tenant); err != nil {
		return nil, err
	}
	if snap.Client, err = r.GetClientPolicy(ctx, tenant); err != nil {
		return nil, err
	}
	if err := r.each(ctx, `SELECT id, linkedin_contact_sync_enabled, is_default FROM mailbox_policies WHERE tenant = ?`, tenant,
		func(row *sql.Rows) error {
			var id string
			var enabled, isDefault bool
			if err := row.Scan(&id, &enabled, &isDefault); err != nil {
				return err
			}
			snap.ContactSync[id] = enabled
			if isDefault {
				snap.DefaultMailboxPolicy = id
			}
			return nil
		}); err != nil {
		return nil, err
	}
	if err := r.each(ctx, `SELECT id, mailbox_policy FROM users WHERE tenant = ?`, tenant, func(row *sql.Rows) error {
		var id, policy string
		if err := row.Scan(&id, &policy); err != nil {
			return err
		}
		snap.UserMailboxPolicy[id] = policy
		return nil
	}); err != nil {
		return nil, err
	}
	err = r.each(ctx, `SELECT group_id, member_kind, member_id FROM group_members WHERE tenant = ?`, tenant, func(row *sql.Rows) error {
		var group string
		var m Member
		if err := row.Scan(&group, &m.Kind, &m.ID); err != nil {
			return err
		}
		snap.Members[group] = append(snap.Members[group], m)
		return nil
	})
	return snap, err
}

// each runs fn on every row of a one-argument query.
func (r queries) each(ctx context.Context, query string, arg any, fn func(*sql.Rows) error) error {
	rows, err := r.Query(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
