package policy

import (
	"context"

	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/decision"
)

// CheckAccess decides for one user. Users may ask about themselves.
func (s *Service) CheckAccess(ctx context.Context, req *policyv1.CheckAccessRequest) (*policyv1.CheckAccessResponse, error) {
	model, revision, err := s.currentModel(ctx, req.Tenant, req.MinRevision)
	if err != nil {
		return nil, err
	}
	reason, client := model.Reason(req.User, req.Capability, surfaceOrWeb(req.Surface))
	return &policyv1.CheckAccessResponse{
		Allowed: reason == policyv1.AccessReason_ALLOWED, Reason: reason, Message: decision.Explain(reason),
		ClientPolicy: client, Revision: revision,
	}, nil
}

// CheckMyAccess decides for the caller, a user of a tenant (the access
// rules have checked).
func (s *Service) CheckMyAccess(ctx context.Context, req *policyv1.CheckMyAccessRequest) (*policyv1.CheckMyAccessResponse, error) {
	p := auth.FromContext(ctx)
	resp, err := s.CheckAccess(ctx, &policyv1.CheckAccessRequest{
		Tenant: p.Tenant, User: p.Subject, Capability: req.Capability, Surface: req.Surface,
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.CheckMyAccessResponse{
		Allowed: resp.Allowed, Reason: resp.Reason, Message: resp.Message, ClientPolicy: resp.ClientPolicy, Revision: resp.Revision,
	}, nil
}

// BatchCheckAccess decides for many users of one tenant at one revision.
func (s *Service) BatchCheckAccess(ctx context.Context, req *policyv1.BatchCheckAccessRequest) (*policyv1.BatchCheckAccessResponse, error) {
	model, revision, err := s.currentModel(ctx, req.Tenant, req.MinRevision)
	if err != nil {
		return nil, err
	}
	resp := &policyv1.BatchCheckAccessResponse{Revision: revision}
	for _, u := range req.Users {
		resp.Decisions = append(resp.Decisions, model.Decide(u, req.Capability, surfaceOrWeb(req.Surface)))
	}
	return resp, nil
}

// model returns the tenant's decision model; an unknown tenant is NotFound.
func (s *Service) model(ctx context.Context, tenant string) (*decision.Model, error) {
	m, err := s.decisions.Model(ctx, tenant)
	if err != nil {
		return nil, storeError(err, "tenant", tenant)
	}
	return m, nil
}

func surfaceOrWeb(s policyv1.Surface) policyv1.Surface {
	if s == policyv1.Surface_SURFACE_UNSPECIFIED {
		return policyv1.Surface_WEB
	}
	return s
}

// currentModel returns the tenant's decision model once this replica has
// applied the change log up to minRevision (a consistency token; 0 for
// none), and the revision the model's answers hold at: any change to the
// tenant up to the applied revision, read before the model, has dropped
// the models that predate it.
func (s *Service) currentModel(ctx context.Context, tenant string, minRevision int64) (*decision.Model, int64, error) {
	if err := s.log.WaitFor(ctx, minRevision); err != nil {
		return nil, 0, err
	}
	applied := s.log.Hub().Head()
	model, err := s.model(ctx, tenant)
	if err != nil {
		return nil, 0, err
	}
	return model, max(model.Revision(), applied), nil
}
