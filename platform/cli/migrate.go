package cli

import (
	"context"
	"io/fs"
	"log/slog"

	"github.com/liaisonhq/liaison/platform/config"
	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// ServiceSettings are the settings of a service with a store: they embed
// config.Common.
type ServiceSettings interface {
	Settings
	Base() *config.Common
}

// Migrate is the migrate subcommand of a service whose store's migrations
// are in migrations (one folder per dialect): it applies the pending ones to
// the database of --database-url and exits.
func Migrate[S ServiceSettings](migrations fs.FS) Command[S] {
	return Command[S]{
		Name: "migrate",
		Help: "apply pending database migrations and exit",
		Run: func(ctx context.Context, s S, logger *slog.Logger) error {
			db, err := sqlstore.OpenMigrated(ctx, s.Base().DatabaseURL, migrations, true)
			if err != nil {
				return err
			}
			logger.Info("migrations applied")
			return db.Close()
		},
	}
}
