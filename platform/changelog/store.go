package changelog

import (
	"context"
	"io/fs"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// Store is what the SQL store of a service that keeps a change log embeds:
// its database, and the log on it.
type Store struct {
	sqlstore.Store
	log *Log
}

// OpenStore opens the database at url ("sqlite:PATH" or "postgres://...")
// and its change log; when migrate is set it first applies the service's
// pending migrations (the log's own tables come with every database).
func OpenStore(ctx context.Context, url string, migrations fs.FS, migrate bool) (Store, error) {
	db, err := sqlstore.OpenMigrated(ctx, url, migrations, migrate)
	if err != nil {
		return Store{}, err
	}
	return Store{Store: sqlstore.NewStore(db), log: New(db)}, nil
}

// Log is the store's change log.
func (s Store) Log() *Log { return s.log }

// DB is the store's database. It is declared here, not only promoted from
// sqlstore.Store, because a service's store also embeds its queries, whose
// sqlstore.Conn has a DB of its own at the same depth: Go would call the
// name ambiguous.
func (s Store) DB() *sqlstore.DB { return s.Store.DB() }
