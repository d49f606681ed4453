package sqlstore

import "context"

// Store is what every service's SQL store embeds: its database, and the
// methods that open and close its life.
type Store struct{ db *DB }

// NewStore returns the Store of db.
func NewStore(db *DB) Store { return Store{db: db} }

// DB is the store's database.
func (s Store) DB() *DB { return s.db }

// Ping checks the database answers.
func (s Store) Ping(ctx context.Context) error { return Unreachable(s.db.Ping(ctx)) }

// IsUnavailable reports whether err says the database cannot be reached
// (see the function IsUnavailable), for callers that know the store only.
func (Store) IsUnavailable(err error) bool { return IsUnavailable(err) }

// Close closes the database.
func (s Store) Close() error { return s.db.Close() }
