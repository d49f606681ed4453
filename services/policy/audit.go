package policy

import (
	"context"

	"github.com/liaisonhq/liaison/platform/paging"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// ListAuditEvents lists the tenant's audit log, newest first. The page token
// is the revision the previous page ended at.
func (s *Service) ListAuditEvents(ctx context.Context, req *policyv1.ListAuditEventsRequest) (*policyv1.ListAuditEventsResponse, error) {
	page, err := pageOf(req.PageSize, req.PageToken)
	if err != nil {
		return nil, err
	}
	before, err := paging.Revision(page.After)
	if err != nil {
		return nil, err
	}
	if _, err := s.tenant(ctx, req.Tenant); err != nil {
		return nil, err
	}
	events, err := s.store.ListAuditEvents(ctx, req.Tenant, before, page.Limit)
	if err != nil {
		return nil, err
	}
	resp := &policyv1.ListAuditEventsResponse{Events: events}
	if len(events) > 0 {
		resp.NextPageToken = paging.NextRevision(len(events), page.Limit, events[len(events)-1].Revision)
	}
	return resp, nil
}
