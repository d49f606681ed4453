package policy

import (
	"context"

	"github.com/liaisonhq/liaison/platform/changelog"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Watch streams the change log from a revision, then new changes as they
// commit. Without a tenant it streams every tenant's changes, to services
// and operators only.
func (s *Service) Watch(req *policyv1.WatchRequest, stream policyv1.PolicyService_WatchServer) error {
	ctx := stream.Context()
	if req.Tenant != "" {
		if _, err := s.tenant(ctx, req.Tenant); err != nil {
			return err
		}
	}
	return changelog.ServeWatch(ctx, s.log, changelog.Watch{From: req.FromRevision, Tenant: req.Tenant}, asChanges,
		func(changes []*policyv1.Change, revision int64) error {
			return stream.Send(&policyv1.WatchResponse{Changes: changes, Revision: revision})
		})
}

// asChanges are log entries as the API's changes: an entry is all a change
// says.
func asChanges(_ context.Context, entries []changelog.Entry) ([]*policyv1.Change, error) {
	changes := make([]*policyv1.Change, len(entries))
	for i, e := range entries {
		changes[i] = &policyv1.Change{
			Revision: e.Revision, Tenant: e.Tenant, Resource: e.Resource,
			Operation: policyv1.Change_Operation(e.Kind), Time: timestamppb.New(e.Time),
		}
	}
	return changes, nil
}
