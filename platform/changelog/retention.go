package changelog

import (
	"context"
	"database/sql"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// trimBatchSize bounds the entries one trimming transaction deletes, so a
// backlog (a long outage, a first trim of a large log) never holds the write
// lock for long. A variable for tests.
var trimBatchSize = 1000

// testHookTrimmed, when set, learns what each trimming transaction deleted.
var testHookTrimmed func(deleted int64)

// Trim deletes the entries committed before cutoff, except the newest entry
// of the log, and moves the horizon to the newest one deleted: a reader
// behind it has missed changes. It deletes in batches, each its own
// transaction that moves the horizon with it, and returns how many it
// deleted.
func (l *Log) Trim(ctx context.Context, cutoff time.Time) (int64, error) {
	var total int64
	for {
		n, err := l.trimBatch(ctx, cutoff)
		if testHookTrimmed != nil && err == nil {
			testHookTrimmed(n)
		}
		total += n
		if err != nil || n < int64(trimBatchSize) {
			return total, err
		}
	}
}

// trimBatch deletes up to trimBatchSize of the entries Trim deletes, oldest
// first, and moves the horizon with them.
func (l *Log) trimBatch(ctx context.Context, cutoff time.Time) (int64, error) {
	var deleted int64
	err := l.db.Write(ctx, func(tx *sqlstore.Tx) error {
		var last sql.NullInt64
		err := tx.QueryRow(ctx, `SELECT MAX(revision) FROM (SELECT revision FROM changelog
			WHERE time < ? AND revision < (SELECT MAX(revision) FROM changelog)
			ORDER BY revision LIMIT ?) AS due`, cutoff.UnixMicro(), trimBatchSize).Scan(&last)
		if err != nil || !last.Valid {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM changelog WHERE revision <= ?`, last.Int64)
		if err != nil {
			return err
		}
		if deleted, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE changelog_horizon SET revision = ? WHERE id = 1 AND revision < ?`, last.Int64, last.Int64)
		return err
	})
	return deleted, err
}

// trimEvery trims the log now and then every tenth of the retention (at most
// hourly), for as long as ctx lasts. Any replica may trim: trims are write
// transactions, which never overlap, and a second one finds nothing to do.
func (a *applier) trimEvery(ctx context.Context) {
	every := min(a.opts.Retention/10, time.Hour)
	for {
		if n, err := a.log.Trim(ctx, time.Now().Add(-a.opts.Retention)); err != nil {
			if ctx.Err() == nil {
				a.opts.Logger.WarnContext(ctx, "trimming the change log failed", "error", err)
			}
		} else if n > 0 {
			a.opts.Logger.InfoContext(ctx, "change log trimmed", "entries", n, "retention", a.opts.Retention)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
