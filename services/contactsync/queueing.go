package contactsync

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/riverqueue/river"
)

// syncArgs is the job of one mailbox's sync. The mailbox's own request
// flag, not the queue, keeps a mailbox to one waiting job (River's unique
// jobs would also refuse a request made while a run is finishing, and lose
// it), and the mailbox's hold keeps it to one run at a time.
type syncArgs struct {
	Tenant string `json:"tenant"`
	User   string `json:"user"`
}

// Kind names the job in the queue.
func (syncArgs) Kind() string { return "contactsync.sync" }

// InsertOpts puts syncs in their own bounded queue.
func (syncArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: syncQueue} }

// purgeArgs is the job of some purges, worked one after the other: a
// tenant switched to No withdraws thousands of users in one transaction,
// and one queue job per user would spend more on the queue than on the
// deleting.
type purgeArgs struct {
	Jobs []int64 `json:"jobs"`
}

// Kind names the job in the queue.
func (purgeArgs) Kind() string { return "contactsync.purge" }

// InsertOpts puts purges in their own queue, never behind syncs.
func (purgeArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: purgeQueue} }

// purgesPerJob is the most purges one queue job works.
const purgesPerJob = 50

// staleRequest is how long a requested run may wait before another job is
// queued for it: long past any queue's backlog, so only a lost job does.
const staleRequest = 30 * time.Minute

// queueSync asks for a run of the mailbox inside tx, queueing its job
// unless one is waiting already.
func (s *Service) queueSync(ctx context.Context, tx store.Tx, tenant, user string) error {
	first, err := tx.RequestSync(ctx, tenant, user, s.now(), staleRequest)
	if err != nil || !first {
		return err
	}
	_, err = s.jobs.Insert(ctx, tx.Platform(), syncArgs{Tenant: tenant, User: user}, nil)
	return err
}

// queuePurges queues the work of purge jobs inside tx, in queue jobs of
// at most purgesPerJob purges, spread over the purge queue's workers.
func (s *Service) queuePurges(ctx context.Context, tx store.Tx, purges []int64) error {
	for len(purges) > 0 {
		batch := purges[:min(len(purges), purgesPerJob)]
		purges = purges[len(batch):]
		if _, err := s.jobs.Insert(ctx, tx.Platform(), purgeArgs{Jobs: batch}, nil); err != nil {
			return err
		}
	}
	return nil
}

// scheduleArgs is the periodic job that queues the syncs that are due.
type scheduleArgs struct{}

// Kind names the job in the queue.
func (scheduleArgs) Kind() string { return "contactsync.schedule" }

func scheduleJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(scheduleEvery),
		func() (river.JobArgs, *river.InsertOpts) { return scheduleArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// scheduleWorker queues the syncs whose time has come, a bounded number
// per run; the leader replica runs it.
type scheduleWorker struct {
	river.WorkerDefaults[scheduleArgs]
	svc *Service
}

// maxScheduled bounds the syncs one scheduling run queues.
const maxScheduled = 5000

func (w *scheduleWorker) Work(ctx context.Context, _ *river.Job[scheduleArgs]) error {
	s := w.svc
	due, err := s.store.DueMailboxes(ctx, s.now(), maxScheduled)
	if err != nil || len(due) == 0 {
		return err
	}
	// A queued sync moves its next run, so the next scheduling run does
	// not find it again; the sync sets the real one when it ends.
	later := s.now().Add(s.SyncInterval)
	return s.store.Write(ctx, func(tx store.Tx) error {
		for _, m := range due {
			if err := s.queueSync(ctx, tx, m[0], m[1]); err != nil {
				return err
			}
			if err := tx.SetNextRun(ctx, m[0], m[1], later); err != nil {
				return err
			}
		}
		return nil
	})
}

// nextRun is when a mailbox synced at now is due again: the interval,
// moved by up to a tenth either way.
func (s *Service) nextRun(now time.Time) time.Time {
	jitter := time.Duration(float64(s.SyncInterval) * 0.2 * (rand.Float64() - 0.5))
	return now.Add(s.SyncInterval + jitter)
}

// trimArgs is the periodic job that forgets old deletions.
type trimArgs struct{}

// Kind names the job in the queue.
func (trimArgs) Kind() string { return "contactsync.trim_tombstones" }

func trimJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(trimEvery),
		func() (river.JobArgs, *river.InsertOpts) { return trimArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// trimEvery is how often the leader trims; trimFolders bounds one
// transaction of it.
const (
	trimEvery   = time.Hour
	trimFolders = 500
)

// trimWorker forgets deletions older than the retention, a batch of
// folders per transaction, so the tombstones the client delta reads do not
// grow without end; a delta from before them starts over.
type trimWorker struct {
	river.WorkerDefaults[trimArgs]
	svc *Service
}

func (w *trimWorker) Work(ctx context.Context, _ *river.Job[trimArgs]) error {
	before := w.svc.now().Add(-w.svc.TombstoneRetention)
	for {
		n, err := w.svc.store.TrimTombstones(ctx, before, trimFolders)
		if err != nil || n < trimFolders {
			return err
		}
	}
}
