package policy

import (
	"context"
	"errors"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// LookupUser finds a user by id or primary email, with the manager's name
// and the count of direct reports: the directory facts of a profile card.
func (s *Service) LookupUser(ctx context.Context, req *policyv1.LookupUserRequest) (*policyv1.LookupUserResponse, error) {
	u, err := s.findUser(ctx, req)
	if err != nil {
		return nil, err
	}
	resp := &policyv1.LookupUserResponse{User: u}
	if u.Manager != "" {
		// A manager deleted since is no manager to show.
		if m, err := s.store.GetUser(ctx, req.Tenant, u.Manager); err == nil {
			resp.ManagerDisplayName = m.DisplayName
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, storeError(err, "user", u.Manager)
		}
	}
	reports, err := s.store.CountReports(ctx, req.Tenant, u.Id)
	if err != nil {
		return nil, storeError(err, "user", u.Id)
	}
	resp.DirectReportsCount = int32(reports)
	return resp, nil
}

// findUser reads the user the request names by id or by email.
func (s *Service) findUser(ctx context.Context, req *policyv1.LookupUserRequest) (*policyv1.User, error) {
	if req.User != "" {
		u, err := s.store.GetUser(ctx, req.Tenant, req.User)
		return u, storeError(err, "user", req.User)
	}
	u, err := s.store.UserByEmail(ctx, req.Tenant, req.Email)
	return u, storeError(err, "user", req.Email)
}

// GetHeadRevision returns the newest committed revision: a read barrier
// for the services that follow Watch into a view in memory.
func (s *Service) GetHeadRevision(ctx context.Context, _ *policyv1.GetHeadRevisionRequest) (*policyv1.GetHeadRevisionResponse, error) {
	head, err := s.log.CommittedHead(ctx)
	if err != nil {
		return nil, err
	}
	return &policyv1.GetHeadRevisionResponse{Revision: head}, nil
}
