package policy

import (
	"context"
	"github.com/liaisonhq/liaison/platform/fieldmask"

	"github.com/liaisonhq/liaison/platform/apierror"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// GetClientPolicy returns the Office-apps client policy.
func (s *Service) GetClientPolicy(ctx context.Context, req *policyv1.GetClientPolicyRequest) (*policyv1.GetClientPolicyResponse, error) {
	if _, err := s.tenant(ctx, req.Tenant); err != nil {
		return nil, err
	}
	p, err := s.store.GetClientPolicy(ctx, req.Tenant)
	if err != nil {
		return nil, err
	}
	return &policyv1.GetClientPolicyResponse{Policy: p}, nil
}

// UpdateClientPolicy changes the tenant-wide value or the group overrides.
func (s *Service) UpdateClientPolicy(ctx context.Context, req *policyv1.UpdateClientPolicyRequest) (*policyv1.UpdateClientPolicyResponse, error) {
	var after *policyv1.ClientPolicy
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		if _, err := j.tx.GetTenant(ctx, req.Tenant); err != nil {
			return storeError(err, "tenant", req.Tenant)
		}
		before, err := j.tx.GetClientPolicy(ctx, req.Tenant)
		if err != nil {
			return err
		}
		if req.Policy.Etag != "" && req.Policy.Etag != before.Etag {
			return apierror.EtagMismatch("clientPolicy")
		}
		after = proto.Clone(before).(*policyv1.ClientPolicy)
		fieldmask.Apply(after, req.Policy, req.UpdateMask)
		if after.Setting == policyv1.ClientPolicy_SETTING_UNSPECIFIED {
			after.Setting = policyv1.ClientPolicy_NOT_CONFIGURED
		}
		for i, o := range after.GroupOverrides {
			if err := mustExist(j.tx.GetGroup(ctx, req.Tenant, o.Group)); err != nil {
				return orInvalid(err, overrideField(i, "group"), "must name a group of the tenant")
			}
		}
		if unchanged(before, after) {
			after = before
			return nil
		}
		return j.record(ctx, clientPolicyResource(req.Tenant), policyv1.Change_UPDATE, before, func(rev int64) (proto.Message, error) {
			after.UpdateActor, after.UpdateTime, after.Etag = j.actor, timestamppb.New(j.now), store.Etag(rev)
			return after, j.tx.PutClientPolicy(ctx, req.Tenant, after, rev)
		})
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.UpdateClientPolicyResponse{Policy: after}, nil
}
