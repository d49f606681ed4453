package changelog

import (
	"context"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// RenameResources renames, in tx, the resources of a tenant's entries
// that end with suffix: rename gets each such resource and returns its new
// name (the same to leave it). The entries keep their revisions and kinds,
// so every watcher's stream stays whole: an erasure puts a pseudonym in
// place of a person without dropping the fact that something changed. It
// returns how many entries it renamed.
func RenameResources(ctx context.Context, tx *sqlstore.Tx, tenant, suffix string, rename func(resource string) string) (int64, error) {
	pattern := "%" + sqlstore.LikeEscape(suffix)
	rows, err := tx.Query(ctx, `SELECT revision, resource FROM changelog WHERE tenant = ? AND resource LIKE ? ESCAPE '\'`, tenant, pattern)
	if err != nil {
		return 0, err
	}
	type entry struct {
		revision int64
		resource string
	}
	found, err := sqlstore.Collect(rows, func(row sqlstore.Scanner) (entry, error) {
		var e entry
		return e, row.Scan(&e.revision, &e.resource)
	})
	if err != nil {
		return 0, err
	}
	var n int64
	for _, e := range found {
		if renamed := rename(e.resource); renamed != e.resource {
			if _, err := tx.Exec(ctx, `UPDATE changelog SET resource = ? WHERE revision = ?`, renamed, e.revision); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
