package contactsync

import (
	"context"
	"fmt"

	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/riverqueue/river"
)

// purgeBatch is how many contacts one purge transaction deletes: small
// enough not to hold the writer long, large enough to finish a big mailbox
// in seconds.
const purgeBatch = 5000

// purgeWorker deletes a purge job's contacts in batches, counting them on
// the job as it goes, so its progress is visible while it runs. It works on
// the local database only: a purge never waits for the network. A process
// that dies midway leaves the job to the queue, which runs it again from
// where the deleted rows say it stood.
type purgeWorker struct {
	river.WorkerDefaults[purgeArgs]
	svc *Service
}

func (w *purgeWorker) Work(ctx context.Context, job *river.Job[purgeArgs]) error {
	s := w.svc
	for i, id := range job.Args.Jobs {
		if err := s.purge(ctx, id); err != nil {
			if job.Attempt >= job.MaxAttempts {
				for _, left := range job.Args.Jobs[i:] {
					s.failPurge(ctx, left, err)
				}
			}
			return err // the retry skips the purges done: they delete nothing more
		}
	}
	s.measured.since(ctx, s.measured.purgeLag, job.CreatedAt)
	return nil
}

// purge deletes one purge job's contacts, a batch per transaction, until
// none is left (which records it DONE).
func (s *Service) purge(ctx context.Context, id int64) error {
	for {
		var n int64
		err := s.store.Write(ctx, func(tx store.Tx) error {
			var err error
			n, err = tx.PurgeBatch(ctx, id, purgeBatch, s.now())
			return err
		})
		if err != nil || n == 0 {
			return err
		}
		s.measured.purged.Add(ctx, n)
	}
}

func (s *Service) failPurge(ctx context.Context, id int64, cause error) {
	err := s.store.Write(context.WithoutCancel(ctx), func(tx store.Tx) error {
		return tx.FailPurge(ctx, id, fmt.Sprintf("gave up: %v", cause), s.now())
	})
	if err != nil {
		s.Logger.ErrorContext(ctx, "recording a failed purge failed", "job", id, "error", err)
	}
}
