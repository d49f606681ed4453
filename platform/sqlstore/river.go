package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// RiverDriver is the River job queue's driver for this database. It works on
// the write pool, over database/sql on both dialects, so a job is inserted
// in the transaction of the change that needs it (Tx.SQL).
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.Dialect == Postgres {
		return riverdatabasesql.New(db.write)
	}
	// One connection, as River's SQLite driver asks: the write pool has one.
	return riversqlite.New(db.write)
}

// migrateRiver applies River's own migrations: its job table and what it
// needs to run one queue per database.
func (db *DB) migrateRiver(ctx context.Context) error {
	migrator, err := rivermigrate.New(db.RiverDriver(), nil)
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	return nil
}
