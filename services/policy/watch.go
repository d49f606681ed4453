package policy

import (
	"context"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/changefeed"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// Watch tuning: the most changes per message, and how often an idle stream
// gets a progress notice (which also tells a consumer the stream is alive).
const (
	watchBatch    = 500
	watchProgress = 30 * time.Second
)

// Watch streams the change log from a revision, then new changes as they
// commit. Without a tenant it streams every tenant's changes, to services
// and operators only.
func (s *Service) Watch(req *policyv1.WatchRequest, stream policyv1.PolicyService_WatchServer) error {
	ctx := stream.Context()
	if err := auth.RequireReaderOf(ctx, req.Tenant); err != nil {
		return err
	}
	if req.Tenant != "" {
		if _, err := s.tenant(ctx, req.Tenant); err != nil {
			return err
		}
	}
	return changefeed.Stream(ctx, s.feed, req.FromRevision, watchProgress, s.changesAfter(req.Tenant),
		func(changes []*policyv1.Change, revision int64) error {
			return stream.Send(&policyv1.WatchResponse{Changes: changes, Revision: revision})
		})
}

// changesAfter reads a batch of the change log, of one tenant or all.
func (s *Service) changesAfter(tenant string) func(context.Context, int64) ([]*policyv1.Change, int64, error) {
	return func(ctx context.Context, after int64) ([]*policyv1.Change, int64, error) {
		changes, err := s.store.Changes(ctx, after, tenant, watchBatch)
		if err != nil || len(changes) == 0 {
			return nil, after, err
		}
		return changes, changes[len(changes)-1].Revision, nil
	}
}
