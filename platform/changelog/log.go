// Package changelog is a service's change log: a table in the service's own
// database with one entry per change, appended in the same transaction as
// the change. Readers follow it in revision order: the service's Watch
// streams, the caches of every replica of the service (which drop what an
// entry changed), and, through Watch, other services.
//
// Revisions are ordered: write transactions never overlap (see
// sqlstore.DB.Write), so an entry becomes visible only after every entry
// with a lower revision. They are not dense: on PostgreSQL a transaction
// that rolls back has still taken its number from the sequence, so a
// reader must never expect revision n+1 after n.
//
// Entries older than the retention horizon are trimmed; a reader behind the
// horizon has missed changes and gets ErrExpired, and must resynchronise.
package changelog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// Entry is one change: which resource of which tenant, and what happened to
// it (Kind is the service's own operation or event kind).
type Entry struct {
	Revision int64
	Tenant   string
	Resource string
	Kind     int32
	Time     time.Time
}

// ErrExpired is the error of a read from a revision the log no longer holds
// entries after: retention trimmed them.
type ErrExpired struct {
	// Horizon is the newest trimmed revision: reads after it still work.
	Horizon int64
}

func (e *ErrExpired) Error() string {
	return fmt.Sprintf("the change log no longer holds entries this old (retention horizon is revision %d)", e.Horizon)
}

// notifyChannel is the PostgreSQL channel a commit signals on.
const notifyChannel = "liaison_changelog"

// Log is the change log of one service's database.
type Log struct {
	db *sqlstore.DB
	// applied is set by Start; appends before it (a migration, a seed)
	// wake nobody.
	applied atomic.Pointer[applier]
	// committed is what this process committed (CommittedHead).
	committed committedHead
}

// New returns the log kept in db, whose platform tables must be migrated.
func New(db *sqlstore.DB) *Log { return &Log{db: db} }

// Append adds e to the log inside tx and returns its revision. Once tx
// commits, this replica's caches drop what e changed (before the writer's
// call returns, so its next read sees the change) and readers are woken;
// on PostgreSQL the other replicas are woken too (NOTIFY, sent at commit).
func (l *Log) Append(ctx context.Context, tx *sqlstore.Tx, e Entry) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO changelog (tenant, resource, kind, time) VALUES (?, ?, ?, ?) RETURNING revision`,
		e.Tenant, e.Resource, e.Kind, e.Time.UnixMicro()).Scan(&e.Revision)
	if err != nil {
		return 0, err
	}
	if tx.DB().Dialect == sqlstore.Postgres {
		// Identical notifications of one transaction are delivered once.
		if _, err := tx.Exec(ctx, `SELECT pg_notify('`+notifyChannel+`', '')`); err != nil {
			return 0, err
		}
	}
	tx.AfterCommit(func() {
		l.committed.note(e.Revision)
		if a := l.applied.Load(); a != nil {
			a.committed(e)
		}
	})
	return e.Revision, nil
}

// Head is the newest revision in the log, 0 when it is empty.
func (l *Log) Head(ctx context.Context) (int64, error) {
	var head sql.NullInt64
	err := l.db.Reads().QueryRow(ctx, `SELECT MAX(revision) FROM changelog`).Scan(&head)
	return head.Int64, sqlstore.Unreachable(err)
}

// After reads up to limit entries after revision after, of one tenant or
// (tenant empty) of all, in revision order. It fails with *ErrExpired when
// retention has trimmed entries after that revision.
func (l *Log) After(ctx context.Context, after int64, tenant string, limit int) ([]Entry, error) {
	var entries []Entry
	err := l.db.ReadTx(ctx, func(tx *sql.Tx) error {
		conn := l.db.In(tx)
		var horizon int64
		if err := conn.QueryRow(ctx, `SELECT revision FROM changelog_horizon WHERE id = 1`).Scan(&horizon); err != nil {
			return err
		}
		if after < horizon {
			return &ErrExpired{Horizon: horizon}
		}
		rows, err := conn.Query(ctx, `SELECT revision, tenant, resource, kind, time FROM changelog
			WHERE revision > ? AND (? = '' OR tenant = ?) ORDER BY revision LIMIT ?`, after, tenant, tenant, limit)
		if err != nil {
			return err
		}
		entries, err = sqlstore.Collect(rows, scanEntry)
		return err
	})
	var expired *ErrExpired
	if errors.As(err, &expired) {
		return nil, err
	}
	return entries, sqlstore.Unreachable(err)
}

func scanEntry(row sqlstore.Scanner) (Entry, error) {
	var (
		e  Entry
		at int64
	)
	err := row.Scan(&e.Revision, &e.Tenant, &e.Resource, &e.Kind, &at)
	e.Time = time.UnixMicro(at).UTC()
	return e, err
}

// Last is the revision of the last entry of a batch, or after when the batch
// is empty: how far a reader that read the batch has come.
func Last(entries []Entry, after int64) int64 {
	if len(entries) == 0 {
		return after
	}
	return entries[len(entries)-1].Revision
}
