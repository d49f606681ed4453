package changelog

import (
	"context"
	"sync/atomic"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// committedHead is the newest revision this process has committed, known
// before the writer's call returns.
type committedHead struct{ revision atomic.Int64 }

// note records that revision committed.
func (c *committedHead) note(revision int64) {
	for {
		old := c.revision.Load()
		if revision <= old || c.revision.CompareAndSwap(old, revision) {
			return
		}
	}
}

// CommittedHead is Head as a read barrier needs it: at least the revision
// of every write that returned before the call. On PostgreSQL, where other
// replicas commit too, it reads the database. On SQLite, whose file one
// serving process owns, it answers from memory once the log is started:
// the newest revision this process committed (noted before the writer's
// call returns), or a later one the log read from the file.
func (l *Log) CommittedHead(ctx context.Context) (int64, error) {
	if l.applied.Load() == nil || l.db.Dialect != sqlstore.SQLite {
		return l.Head(ctx)
	}
	return l.knownHead(), nil
}
