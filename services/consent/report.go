package consent

import (
	"context"

	"github.com/liaisonhq/liaison/platform/paging"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// ListConnections is the admin report: connected users, with counts by
// direction.
func (s *Service) ListConnections(ctx context.Context, req *consentv1.ListConnectionsRequest) (*consentv1.ListConnectionsResponse, error) {
	after, limit, err := paging.Parse(req.PageSize, req.PageToken)
	if err != nil {
		return nil, err
	}
	links, err := s.store.ListLinks(ctx, req.Tenant, store.Page{After: after, Limit: limit})
	if err != nil {
		return nil, err
	}
	counts, err := s.store.CountLinks(ctx, req.Tenant)
	if err != nil {
		return nil, err
	}
	resp := &consentv1.ListConnectionsResponse{
		TotalConnected: counts.Total, Bidirectional: counts.Bidirectional, LinkedinToOrganization: counts.LinkedInToOrganization,
	}
	for _, l := range links {
		resp.Connections = append(resp.Connections, connectionOf(l.Tenant, l.User, l))
	}
	if len(links) > 0 {
		resp.NextPageToken = paging.Next(len(links), limit, links[len(links)-1].User)
	}
	return resp, nil
}

// ListConsentEvents lists the tenant's ledger, newest first.
func (s *Service) ListConsentEvents(ctx context.Context, req *consentv1.ListConsentEventsRequest) (*consentv1.ListConsentEventsResponse, error) {
	after, limit, err := paging.Parse(req.PageSize, req.PageToken)
	if err != nil {
		return nil, err
	}
	before, err := paging.Revision(after)
	if err != nil {
		return nil, err
	}
	events, err := s.store.ListEvents(ctx, req.Tenant, before, limit)
	if err != nil {
		return nil, err
	}
	resp := &consentv1.ListConsentEventsResponse{Events: events}
	if len(events) > 0 {
		resp.NextPageToken = paging.NextRevision(len(events), limit, events[len(events)-1].Revision)
	}
	return resp, nil
}
