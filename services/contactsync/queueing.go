package contactsync

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// syncArgs is the job of one mailbox's sync. It is unique per mailbox
// while queued or running, so a mailbox never has two.
type syncArgs struct {
	Tenant string `json:"tenant"`
	User   string `json:"user"`
}

// Kind names the job in the queue.
func (syncArgs) Kind() string { return "contactsync.sync" }

// InsertOpts puts syncs in their own bounded queue, one per mailbox.
func (syncArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: syncQueue, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: waitingOrRunning}}
}

// waitingOrRunning are the states in which a mailbox's sync job stops
// another being queued; a finished one does not (River's default would).
var waitingOrRunning = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// purgeArgs is the job of one purge.
type purgeArgs struct {
	Job int64 `json:"job"`
}

// Kind names the job in the queue.
func (purgeArgs) Kind() string { return "contactsync.purge" }

// InsertOpts puts purges in their own queue, never behind syncs.
func (purgeArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: purgeQueue} }

// queueSync queues the mailbox's sync inside tx, unless one is queued or
// running already.
func (s *Service) queueSync(ctx context.Context, tx store.Tx, tenant, user string) error {
	_, err := s.jobs.Insert(ctx, tx.Platform(), syncArgs{Tenant: tenant, User: user}, nil)
	return err
}

// queuePurge queues a purge job's work inside tx.
func (s *Service) queuePurge(ctx context.Context, tx store.Tx, job string) error {
	id, err := strconv.ParseInt(job, 10, 64)
	if err != nil {
		return err
	}
	_, err = s.jobs.Insert(ctx, tx.Platform(), purgeArgs{Job: id}, nil)
	return err
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
