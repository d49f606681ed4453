package policy

import (
	"context"
	"strconv"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/internal/platform/auth"
	"github.com/liaisonhq/liaison/services/internal/platform/paging"
)

// ListAuditEvents lists the tenant's audit log, newest first. The page token
// is the revision the previous page ended at.
func (s *Service) ListAuditEvents(ctx context.Context, req *policyv1.ListAuditEventsRequest) (*policyv1.ListAuditEventsResponse, error) {
	if err := auth.RequireTenantAdmin(ctx, req.Tenant); err != nil {
		return nil, err
	}
	page, err := pageOf(req.PageSize, req.PageToken)
	if err != nil {
		return nil, err
	}
	var before int64
	if page.After != "" {
		if before, err = strconv.ParseInt(page.After, 10, 64); err != nil {
			return nil, paging.InvalidToken()
		}
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
		resp.NextPageToken = paging.Next(len(events), page.Limit, strconv.FormatInt(events[len(events)-1].Revision, 10))
	}
	return resp, nil
}
