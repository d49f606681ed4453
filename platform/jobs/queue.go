// Package jobs is a service's durable job queue: River, in the service's own
// database (SQLite or PostgreSQL), for work that must happen, across
// restarts and outages, but that nothing may wait for, such as a remote
// clean-up after a user withdrew consent. A job is inserted in the
// transaction of the change that needs it, so the two commit together or not
// at all; River retries a failing job with a growing backoff.
//
// River was chosen over a job table of our own because it is a maintained
// queue with drivers for both our databases, transactional inserts, retries
// with backoff, rescue of jobs whose worker died, and leader election for its
// maintenance, all of which a table of our own would have to grow.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/riverqueue/river"
)

// Settings of every service's queue.
const (
	// fetchPoll bounds how late a job inserted by another replica starts.
	fetchPoll = 200 * time.Millisecond
	// workers is how many jobs of a replica run at once.
	workers = 4
	// jobTimeout bounds one attempt.
	jobTimeout = time.Minute
	// stopGrace is how long running jobs get to finish on shutdown; a job
	// cut off is retried by another replica (or this one, restarted).
	stopGrace = 5 * time.Second
)

// Queue is a service's job queue.
type Queue struct {
	client *river.Client[*sql.Tx]
	logger *slog.Logger
}

// New returns the queue of db, whose platform migrations must have run,
// working jobs with workers (register them with river.AddWorker).
func New(db *sqlstore.DB, workerSet *river.Workers, logger *slog.Logger) (*Queue, error) {
	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:           workerSet,
		FetchPollInterval: fetchPoll,
		JobTimeout:        jobTimeout,
		Logger:            logger,
		// Without a listener on PostgreSQL (database/sql), new jobs are
		// found by polling on both dialects.
		PollOnly: db.Dialect == sqlstore.Postgres,
	})
	if err != nil {
		return nil, err
	}
	return &Queue{client: client, logger: logger}, nil
}

// Insert adds a job inside tx: it runs only once tx commits, and is gone if
// tx rolls back. It returns the job's id.
func (q *Queue) Insert(ctx context.Context, tx *sqlstore.Tx, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	res, err := q.client.InsertTx(ctx, tx.SQL(), args, opts)
	if err != nil {
		return 0, err
	}
	return res.Job.ID, nil
}

// Run works jobs until ctx ends, then lets running jobs finish for a
// moment before stopping.
func (q *Queue) Run(ctx context.Context) error {
	// Cancelling Start's context would cut running jobs off at once; the
	// stop below gives them a moment first.
	if err := q.client.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopGrace)
	defer cancel()
	if err := q.client.Stop(stopCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
