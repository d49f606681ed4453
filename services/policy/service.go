// Package policy implements liaison.policy.v1.PolicyService: tenants, the
// directory, LinkedIn settings, mailbox and client policies, the audit log,
// access decisions and the watch stream of changes.
package policy

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/jobs"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/decision"
	"github.com/liaisonhq/liaison/services/policy/store"
	"github.com/riverqueue/river"
)

// Service is the policy service.
type Service struct {
	policyv1.UnimplementedPolicyServiceServer

	store     store.Store
	log       *changelog.Log
	decisions *decision.Cache
	peers     Peers
	// jobs runs data-subject erasures.
	jobs   *jobs.Queue
	logger *slog.Logger
	now    func() time.Time
}

// Peers are the services policy calls: contact-sync (the impact preview's
// counts, and its part of data-subject requests) and consent (its part of
// data-subject requests). Either may be nil; what needs it then says so.
type Peers struct {
	ContactSync contactsyncv1.ContactSyncServiceClient
	Consent     consentv1.ConsentServiceClient
}

// New returns the service; Start attaches its store.
func New(logger *slog.Logger, peers Peers) *Service {
	return &Service{logger: logger, peers: peers, now: time.Now}
}

// Start attaches the store and, until ctx ends, follows the change log,
// committed here or by another replica, dropping the decision models of
// every tenant that changed. The server calls no handler before Start
// returns.
func (s *Service) Start(ctx context.Context, st store.Store, opts changelog.Options) error {
	s.store, s.log, s.decisions = st, st.Log(), decision.NewCache(st)
	opts.Apply = func(e changelog.Entry) { s.decisions.Invalidate(e.Tenant, e.Revision) }
	opts.Reset, opts.Logger = s.decisions.Reset, s.logger
	if err := s.log.Start(ctx, opts); err != nil {
		return err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &erasureWorker{svc: s})
	queue, err := jobs.New(st.DB(), workers, s.logger)
	if err != nil {
		return err
	}
	s.jobs = queue
	opts.Go(func() { queue.Work(ctx) })
	return nil
}
