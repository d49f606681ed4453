// Package policy implements liaison.policy.v1.PolicyService: tenants, the
// directory, LinkedIn settings, mailbox and client policies, the audit log,
// access decisions and the watch stream of changes.
package policy

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/changefeed"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/decision"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// Service is the policy service.
type Service struct {
	policyv1.UnimplementedPolicyServiceServer

	store     store.Store
	decisions *decision.Cache
	feed      *changefeed.Hub
	logger    *slog.Logger
	now       func() time.Time
}

// New returns the service; Start attaches its store.
func New(logger *slog.Logger) *Service {
	return &Service{logger: logger, now: time.Now}
}

// Start attaches the store and, until ctx ends, follows the change log: it
// polls for other replicas' commits and drops the decision models of every
// tenant that changed. The server calls no handler before Start returns.
func (s *Service) Start(ctx context.Context, st store.Store) error {
	s.store, s.decisions = st, decision.NewCache(st)
	feed, err := changefeed.Run(ctx, s.logger, st.Head, s.changesAfter(""),
		func(c *policyv1.Change) { s.decisions.Invalidate(c.Tenant, c.Revision) })
	s.feed = feed
	return err
}
