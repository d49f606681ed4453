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
	"cmp"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/riverqueue/rivercontrib/otelriver"
)

// Settings of every service's queue.
const (
	// fetchPoll bounds how late a job inserted by another replica starts.
	fetchPoll = 200 * time.Millisecond
	// fetchCooldown is the least time between two fetches of a busy queue:
	// a queue fetches again as soon as a worker is free, so with River's
	// default (100 ms) a queue of short jobs ran at most its workers per
	// tenth of a second (a 2-worker queue: 20 jobs a second).
	fetchCooldown = 5 * time.Millisecond
	// workers is how many jobs of a replica run at once.
	workers = 4
	// jobTimeout bounds one attempt.
	jobTimeout = time.Minute
	// rescueMargin is how long after its time limit a running job is
	// taken for dead (its replica died) and retried.
	rescueMargin = 30 * time.Second
	// stopGrace is how long running jobs get to finish on shutdown; a job
	// cut off is retried by another replica (or this one, restarted).
	stopGrace = 5 * time.Second
)

// Queue is a service's job queue.
type Queue struct {
	client *river.Client[*sql.Tx]
	logger *slog.Logger
}

// Config is what a service may set beyond the defaults every queue shares.
type Config struct {
	// Queues are named queues besides the default one, each with the most
	// jobs of it that one replica runs at once: a bounded worker pool.
	Queues map[string]int
	// Periodic are jobs the elected leader replica inserts on a schedule.
	Periodic []*river.PeriodicJob
	// JobTimeout bounds one attempt (one minute when 0). A job whose worker
	// died is rescued and retried half a minute after it would have timed
	// out, so keep attempts short: a long job continues in a new attempt
	// (river.JobSnooze).
	JobTimeout time.Duration
}

// New returns the queue of db, whose platform migrations must have run,
// working jobs with workers (register them with river.AddWorker).
func New(db *sqlstore.DB, workerSet *river.Workers, logger *slog.Logger) (*Queue, error) {
	return NewWith(db, workerSet, logger, Config{})
}

// NewWith is New with more queues, periodic jobs or another time limit.
func NewWith(db *sqlstore.DB, workerSet *river.Workers, logger *slog.Logger, cfg Config) (*Queue, error) {
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}}
	for name, n := range cfg.Queues {
		queues[name] = river.QueueConfig{MaxWorkers: n}
	}
	timeout := cmp.Or(cfg.JobTimeout, jobTimeout)
	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Queues:               queues,
		Workers:              workerSet,
		PeriodicJobs:         cfg.Periodic,
		FetchCooldown:        fetchCooldown,
		FetchPollInterval:    fetchPoll,
		JobTimeout:           timeout,
		RescueStuckJobsAfter: timeout + rescueMargin,
		Logger:               logger,
		// Each job carries the trace context of the work that queued it
		// (job metadata), and its work span links back to it: a job may run
		// long after, so it starts a trace of its own, as OpenTelemetry's
		// messaging conventions advise. River's own metrics come with it.
		Middleware: []rivertype.Middleware{otelriver.NewMiddleware(&otelriver.MiddlewareConfig{
			EnableTracePropagation: true, EnableWorkSpanJobKindSuffix: true,
		})},
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

// Work runs the queue (Run) for a service's background: until ctx ends,
// and if it stops otherwise, it says why in the log.
func (q *Queue) Work(ctx context.Context) {
	if err := q.Run(ctx); err != nil {
		q.logger.ErrorContext(ctx, "the job queue stopped", "error", err)
	}
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
