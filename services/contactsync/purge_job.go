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
	for {
		var n int64
		err := s.store.Write(ctx, func(tx store.Tx) error {
			var err error
			n, err = tx.PurgeBatch(ctx, job.Args.Job, purgeBatch, s.now())
			return err
		})
		if err != nil {
			if job.Attempt >= job.MaxAttempts {
				s.failPurge(ctx, job.Args.Job, err)
			}
			return err
		}
		if n == 0 {
			return nil
		}
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
