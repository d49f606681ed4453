package policy

import (
	"context"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/decision"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// DefaultMailboxPolicyID is the mailbox policy every tenant is created with,
// named as Exchange names it.
const DefaultMailboxPolicyID = "OwaMailboxPolicy-Default"

// CreateTenant creates a tenant with its default settings and its default
// mailbox policy.
func (s *Service) CreateTenant(ctx context.Context, req *policyv1.CreateTenantRequest) (*policyv1.CreateTenantResponse, error) {
	t := proto.Clone(req.Tenant).(*policyv1.Tenant)
	err := s.write(ctx, t.Id, func(j *journal) error {
		t.CreateTime = timestamppb.New(j.now)
		t.LinkedinAvailable = decision.Available(t)
		err := j.record(ctx, tenantResource(t.Id), policyv1.Change_CREATE, nil, func(rev int64) (proto.Message, error) {
			if err := j.tx.CreateTenant(ctx, t); err != nil {
				return nil, storeError(err, "tenant", t.Id)
			}
			// Settings start unset, meaning "the default for this tenant".
			if err := j.tx.PutLinkedInSettings(ctx, t.Id, &policyv1.LinkedInSettings{UpdateTime: t.CreateTime}, rev); err != nil {
				return nil, err
			}
			client := &policyv1.ClientPolicy{Setting: policyv1.ClientPolicy_NOT_CONFIGURED, UpdateTime: t.CreateTime}
			return t, j.tx.PutClientPolicy(ctx, t.Id, client, rev)
		})
		if err != nil {
			return err
		}
		return j.record(ctx, mailboxPolicyResource(t.Id, DefaultMailboxPolicyID), policyv1.Change_CREATE, nil,
			func(rev int64) (proto.Message, error) {
				p := &policyv1.MailboxPolicy{
					Id: DefaultMailboxPolicyID, LinkedinContactSyncEnabled: proto.Bool(true), IsDefault: true,
					UpdateActor: j.actor, UpdateTime: timestamppb.New(j.now),
				}
				return p, j.tx.PutMailboxPolicy(ctx, t.Id, p, rev)
			})
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.CreateTenantResponse{Tenant: t}, nil
}

// GetTenant returns a tenant to its members, services and operators.
func (s *Service) GetTenant(ctx context.Context, req *policyv1.GetTenantRequest) (*policyv1.GetTenantResponse, error) {
	t, err := s.tenant(ctx, req.Tenant)
	if err != nil {
		return nil, err
	}
	return &policyv1.GetTenantResponse{Tenant: t}, nil
}

// tenant reads a tenant, NotFound when it does not exist.
func (s *Service) tenant(ctx context.Context, id string) (*policyv1.Tenant, error) {
	t, err := s.store.GetTenant(ctx, id)
	if err != nil {
		return nil, storeError(err, "tenant", id)
	}
	t.LinkedinAvailable = decision.Available(t)
	return t, nil
}
