// Package consent implements liaison.consent.v1.ConsentService: the OAuth
// connect flow, consent in two directions, one-step disconnect, the consent
// ledger and report, and revocations that follow the tenant's policy.
package consent

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/jobs"
	"github.com/liaisonhq/liaison/platform/sealing"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/riverqueue/river"
	"golang.org/x/sync/singleflight"
)

// Options are what the service needs besides its store.
type Options struct {
	// Provider is the external network.
	Provider linkedin.Provider
	// Sealer encrypts tokens and PKCE verifiers at rest.
	Sealer *sealing.Sealer
	// Policy answers access decisions; the service calls it as itself.
	Policy policyv1.PolicyServiceClient
	// CallbackURL is the gateway's /v1/linkedin/callback, registered with the
	// network as the OAuth redirect URI.
	CallbackURL string
	// RedirectOrigins are the URL prefixes a connection may return the
	// browser to (against open redirects).
	RedirectOrigins []string
	// StateTTL is how long a started connection waits for its callback.
	StateTTL time.Duration
	Logger   *slog.Logger
}

// Service is the consent service.
type Service struct {
	consentv1.UnimplementedConsentServiceServer
	Options

	store    store.Store
	consents *consentCache
	jobs     *jobs.Queue
	now      func() time.Time
	// refreshes runs one refresh of a user's LinkedIn token at a time.
	refreshes singleflight.Group
}

// New returns the service; Start attaches its store.
func New(opts Options) *Service {
	return &Service{Options: opts, now: time.Now}
}

// Start attaches the store and, until ctx ends, keeps the consent cache
// current with the change log (every replica's commits) and follows
// policy's changes to revoke what policy no longer allows. The server calls
// no handler before Start returns.
func (s *Service) Start(ctx context.Context, st store.Store, opts changelog.Options) error {
	s.store, s.consents = st, newConsentCache()
	opts.Apply = func(e changelog.Entry) {
		if user := store.UserOfResource(e.Resource); user != "" {
			s.consents.forget(e.Tenant, user, e.Revision)
		}
	}
	opts.Reset, opts.Logger = s.consents.reset, s.Logger
	if err := st.Log().Start(ctx, opts); err != nil {
		return err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &cleanupWorker{svc: s})
	queue, err := jobs.New(st.DB(), workers, s.Logger)
	if err != nil {
		return err
	}
	s.jobs = queue
	opts.Go(func() { queue.Work(ctx) })
	opts.Go(func() { s.policyFollower().Run(ctx) })
	return nil
}
