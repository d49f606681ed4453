// Package policy implements liaison.policy.v1.PolicyService: tenants, the
// directory, LinkedIn settings, mailbox and client policies, the audit log,
// access decisions and the watch stream of changes.
package policy

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/decision"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// Service is the policy service.
type Service struct {
	policyv1.UnimplementedPolicyServiceServer

	store     store.Store
	log       *changelog.Log
	decisions *decision.Cache
	// contacts counts the synced contacts a change would delete; nil when
	// the contact-sync service is not known.
	contacts ContactCounter
	logger   *slog.Logger
	now      func() time.Time
}

// New returns the service; Start attaches its store. contacts may be nil.
func New(logger *slog.Logger, contacts ContactCounter) *Service {
	return &Service{logger: logger, contacts: contacts, now: time.Now}
}

// Start attaches the store and, until ctx ends, follows the change log,
// committed here or by another replica, dropping the decision models of
// every tenant that changed. The server calls no handler before Start
// returns.
func (s *Service) Start(ctx context.Context, st store.Store, opts changelog.Options) error {
	s.store, s.log, s.decisions = st, st.Log(), decision.NewCache(st)
	opts.Apply = func(e changelog.Entry) { s.decisions.Invalidate(e.Tenant, e.Revision) }
	opts.Reset, opts.Logger = s.decisions.Reset, s.logger
	return s.log.Start(ctx, opts)
}
