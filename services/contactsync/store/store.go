// Package store keeps the contact-sync service's state in SQLite or
// PostgreSQL: each mailbox's eligibility and sync position, the contacts of
// its two folders with the tombstones the client delta reads, the keys that
// link a synced contact to the user's own, and the purge jobs.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/services/contactsync/store/migrations"
)

// The folders of every mailbox.
const (
	// OwnFolder is the user's own contacts, read-write.
	OwnFolder = "contacts"
	// LinkedInFolder holds the synced connections, read-only.
	LinkedInFolder = "linkedin"
)

// ErrNotFound is the error of a mailbox, contact or job that does not exist.
var ErrNotFound = errors.New("not found")

// ErrEtagMismatch is the error of a change made against a stale etag.
var ErrEtagMismatch = errors.New("the etag does not match")

// SQL is the store.
type SQL struct {
	sqlstore.Store
	queries
	statements *statements
}

// Open opens the database at url ("sqlite:PATH" or "postgres://...") and,
// when migrate is set, applies pending migrations.
func Open(ctx context.Context, url string, migrate bool) (*SQL, error) {
	db, err := sqlstore.OpenMigrated(ctx, url, migrations.FS, migrate)
	if err != nil {
		return nil, err
	}
	return &SQL{Store: sqlstore.NewStore(db), queries: queries{db.Reads()}, statements: &statements{}}, nil
}

// DB is the store's database (declared here: queries has one too).
func (s *SQL) DB() *sqlstore.DB { return s.Store.DB() }

// Write runs fn in one write transaction.
func (s *SQL) Write(ctx context.Context, fn func(Tx) error) error {
	prepared, err := s.statements.prepare(ctx, s.DB())
	if err != nil {
		return err
	}
	return s.DB().Write(ctx, func(tx *sqlstore.Tx) error {
		return fn(Tx{queries: queries{tx.Conn}, tx: tx, prepared: prepared})
	})
}

// queries run on the read pool or inside a transaction.
type queries struct{ sqlstore.Conn }

// Tx is a write transaction.
type Tx struct {
	queries
	tx       *sqlstore.Tx
	prepared *prepared
}

// Platform is the transaction as the platform sees it (jobs, leases).
func (t Tx) Platform() *sqlstore.Tx { return t.tx }

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}
