// Package contactsync implements liaison.contactsync.v1.ContactSyncService:
// each eligible user's LinkedIn connections as read-only contacts in the
// "linkedin" folder of their mailbox, kept current by incremental syncs
// from the network's change feed, and purged within seconds of the user
// losing eligibility (policy or consent), beside the user's own contacts.
package contactsync

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"time"

	"github.com/liaisonhq/liaison/platform/jobs"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/riverqueue/river"
)

// Network is the professional network as contact sync needs it: a
// member's connections feed, and the contact import for both-ways consent.
type Network interface {
	Connections(ctx context.Context, accessToken, syncToken, pageToken string) (*linkedin.FeedPage, error)
	ReplaceImportedContacts(ctx context.Context, accessToken string, contacts []linkedin.ImportedContact) error
}

// Options are what the service needs besides its store.
type Options struct {
	Policy  policyv1.PolicyServiceClient
	Consent consentv1.ConsentServiceClient
	Network Network
	// SyncInterval is the time between a mailbox's periodic syncs, each
	// moved by up to a tenth either way so mailboxes spread out.
	SyncInterval time.Duration
	// Workers bounds the syncs one replica runs at once.
	Workers int
	// TenantRate and TenantBurst bound the calls to the network per
	// tenant and second, from one replica.
	TenantRate  float64
	TenantBurst int
	// TombstoneRetention is how long the client delta remembers deletions.
	TombstoneRetention time.Duration
	Logger             *slog.Logger
}

// Service is the contact-sync service.
type Service struct {
	contactsyncv1.UnimplementedContactSyncServiceServer
	Options

	store  *store.SQL
	jobs   *jobs.Queue
	limits *tenantLimits
	// holder names this process; a sync run holds its mailbox as this
	// and its job's id (runHolder).
	holder string
	now    func() time.Time
	// measured is what the service measures of its work.
	measured measures
}

// New returns the service; Start attaches its store.
func New(opts Options) *Service {
	host, _ := os.Hostname()
	return &Service{
		Options: opts, holder: host + "/" + rand.Text()[:10], now: storeNow,
		limits: newTenantLimits(opts.TenantRate, opts.TenantBurst), measured: newMeasures(),
	}
}

// storeNow is the time in the store's precision, microseconds, so what a
// call answers (a new contact's times) is what a later read gives back.
func storeNow() time.Time { return time.Now().Truncate(time.Microsecond) }

// The queues: syncs run in a bounded pool of their own, purges in another,
// so a purge never waits behind syncs that wait for the network.
const (
	syncQueue  = "sync"
	purgeQueue = "purge"
	// purgeWorkers is how many purges one replica runs at once.
	purgeWorkers = 4
	// scheduleEvery is how often the leader queues the syncs that are due.
	scheduleEvery = 15 * time.Second
	// jobTimeout bounds one attempt of a job; a sync that takes longer
	// goes on in a new attempt from where it stood.
	jobTimeout = 30 * time.Second
)

// Start attaches the store and, until ctx ends, works the job queue and
// follows policy's and consent's change streams. The server calls no
// handler before Start returns.
func (s *Service) Start(ctx context.Context, st *store.SQL, background func(func())) error {
	s.store = st
	workers := river.NewWorkers()
	river.AddWorker(workers, &syncWorker{svc: s})
	river.AddWorker(workers, &purgeWorker{svc: s})
	river.AddWorker(workers, &scheduleWorker{svc: s})
	river.AddWorker(workers, &trimWorker{svc: s})
	queue, err := jobs.NewWith(st.DB(), workers, s.Logger, jobs.Config{
		Queues:     map[string]int{syncQueue: s.Workers, purgeQueue: purgeWorkers},
		Periodic:   []*river.PeriodicJob{scheduleJob(), trimJob()},
		JobTimeout: jobTimeout,
	})
	if err != nil {
		return err
	}
	s.jobs = queue
	background(func() { queue.Work(ctx) })
	background(func() { s.consentFollower().Run(ctx) })
	background(func() { s.policyFollower().Run(ctx) })
	return nil
}
