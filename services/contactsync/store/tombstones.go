package store

import (
	"context"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// TrimTombstones forgets deletions older than before, in one transaction
// for at most limit folders, and moves those mailboxes' trimmed_seq past
// them: a client delta from before it is told to start over instead of
// missing a deletion. It says how many folders it trimmed; fewer than limit
// means none is left.
func (s *SQL) TrimTombstones(ctx context.Context, before time.Time, limit int) (int, error) {
	type folder struct {
		tenant, user, name string
		upTo               int64
	}
	var trimmed int
	err := s.Write(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT tenant, user_id, folder, MAX(seq) FROM contact_tombstones WHERE time < ?
			GROUP BY tenant, user_id, folder ORDER BY tenant, user_id, folder LIMIT ?`, micros(before), limit)
		if err != nil {
			return err
		}
		folders, err := sqlstore.Collect(rows, func(r sqlstore.Scanner) (folder, error) {
			var f folder
			return f, r.Scan(&f.tenant, &f.user, &f.name, &f.upTo)
		})
		if err != nil {
			return err
		}
		for _, f := range folders {
			if _, err := tx.Exec(ctx, `UPDATE mailboxes SET trimmed_seq = CASE WHEN trimmed_seq < ? THEN ? ELSE trimmed_seq END
				WHERE tenant = ? AND user_id = ?`, f.upTo, f.upTo, f.tenant, f.user); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM contact_tombstones WHERE tenant = ? AND user_id = ? AND folder = ? AND seq <= ?`,
				f.tenant, f.user, f.name, f.upTo); err != nil {
				return err
			}
		}
		trimmed = len(folders)
		return nil
	})
	return trimmed, err
}
