package policy

import (
	"context"

	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// SearchPeople finds people in the caller's own tenant (the access rules
// have checked that the caller is one of its users), and returns of each
// only what a colleague may see in a search.
func (s *Service) SearchPeople(ctx context.Context, req *policyv1.SearchPeopleRequest) (*policyv1.SearchPeopleResponse, error) {
	tenant := auth.FromContext(ctx).Tenant
	size := int(req.PageSize)
	if size == 0 {
		size = defaultPeoplePage
	}
	users, err := s.store.ListUsers(ctx, tenant, store.Page{Limit: size, Query: req.Query})
	if err != nil {
		return nil, storeError(err, "tenant", tenant)
	}
	resp := &policyv1.SearchPeopleResponse{People: make([]*policyv1.Person, len(users))}
	for i, u := range users {
		resp.People[i] = &policyv1.Person{
			Id: u.Id, Email: u.Email, DisplayName: u.DisplayName, JobTitle: u.JobTitle, Department: u.Department,
		}
	}
	return resp, nil
}
