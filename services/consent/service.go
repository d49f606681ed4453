// Package consent implements liaison.consent.v1.ConsentService: the OAuth
// connect flow, consent in two directions, one-step disconnect, the consent
// ledger and report, and revocations that follow the tenant's policy.
package consent

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/changefeed"
	"github.com/liaisonhq/liaison/platform/sealing"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/consent/provider"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// Options are what the service needs besides its store.
type Options struct {
	// Provider is the external network.
	Provider provider.Provider
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
	feed     *changefeed.Hub
	consents *consentCache
	now      func() time.Time
}

// New returns the service; Start attaches its store.
func New(opts Options) *Service {
	return &Service{Options: opts, now: time.Now}
}

// Start attaches the store and, until ctx ends, keeps the consent cache
// current with the ledger and follows policy's changes to revoke what policy
// no longer allows. The server calls no handler before Start returns.
func (s *Service) Start(ctx context.Context, st store.Store) error {
	s.store, s.consents = st, newConsentCache()
	feed, err := changefeed.Run(ctx, s.Logger, st.Head, s.eventsAfter(""),
		func(e *consentv1.ConsentEvent) { s.consents.forget(e.Tenant, e.User, e.Revision) })
	if err != nil {
		return err
	}
	s.feed = feed
	go s.followPolicy(ctx)
	return nil
}

// eventsAfter reads a batch of the ledger, of one tenant or all.
func (s *Service) eventsAfter(tenant string) func(context.Context, int64) ([]*consentv1.ConsentEvent, int64, error) {
	return func(ctx context.Context, after int64) ([]*consentv1.ConsentEvent, int64, error) {
		events, err := s.store.Events(ctx, after, tenant, 500)
		if err != nil || len(events) == 0 {
			return nil, after, err
		}
		return events, events[len(events)-1].Revision, nil
	}
}
