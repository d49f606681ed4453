package policy

import (
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/internal/platform/apierror"
	"github.com/liaisonhq/liaison/services/internal/platform/auth"
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
	if req.Tenant == "" {
		p := auth.FromContext(ctx)
		if !p.Has(auth.RoleService) && !p.Has(auth.RoleOperator) {
			return apierror.PermissionDenied("watching every tenant needs the Service or Operator role; name a tenant")
		}
	} else {
		if err := auth.RequireTenantReader(ctx, req.Tenant); err != nil {
			return err
		}
		if _, err := s.tenant(ctx, req.Tenant); err != nil {
			return err
		}
	}
	last := req.FromRevision
	for {
		// Every revision up to the hub's head has committed, so once the log
		// shows nothing newer for this stream, the stream is current there.
		head := s.feed.Head()
		changes, err := s.store.Changes(ctx, last, req.Tenant, watchBatch)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			last = changes[len(changes)-1].Revision
			if err := stream.Send(&policyv1.WatchResponse{Changes: changes, Revision: last}); err != nil {
				return err
			}
			continue
		}
		last = max(last, head)
		next, err := s.feed.Wait(ctx, last, watchProgress)
		if err != nil {
			return nil
		}
		if next <= last {
			if err := stream.Send(&policyv1.WatchResponse{Revision: last}); err != nil {
				return err
			}
		}
	}
}
