package policy

import (
	"context"
	"errors"
	"github.com/liaisonhq/liaison/platform/fieldmask"
	"slices"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/paging"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CreateMailboxPolicy creates a mailbox policy; contact sync defaults to on.
func (s *Service) CreateMailboxPolicy(ctx context.Context, req *policyv1.CreateMailboxPolicyRequest) (*policyv1.CreateMailboxPolicyResponse, error) {
	p := proto.Clone(req.Policy).(*policyv1.MailboxPolicy)
	if p.LinkedinContactSyncEnabled == nil {
		p.LinkedinContactSyncEnabled = proto.Bool(true)
	}
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		if _, err := j.tx.GetTenant(ctx, req.Tenant); err != nil {
			return storeError(err, "tenant", req.Tenant)
		}
		switch _, err := j.tx.GetMailboxPolicy(ctx, req.Tenant, p.Id); {
		case err == nil:
			return apierror.AlreadyExists("mailbox policy", p.Id)
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		if p.IsDefault {
			if err := s.recordDefaultMove(ctx, j, p.Id); err != nil {
				return err
			}
		}
		return j.record(ctx, mailboxPolicyResource(req.Tenant, p.Id), policyv1.Change_CREATE, nil, s.putMailboxPolicy(ctx, j, p))
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.CreateMailboxPolicyResponse{Policy: p}, nil
}

// putMailboxPolicy writes p at the change's revision.
func (s *Service) putMailboxPolicy(ctx context.Context, j *journal, p *policyv1.MailboxPolicy) func(int64) (proto.Message, error) {
	return func(rev int64) (proto.Message, error) {
		p.UpdateActor, p.UpdateTime, p.Etag = j.actor, timestamppb.New(j.now), store.Etag(rev)
		return p, j.tx.PutMailboxPolicy(ctx, j.tenant, p, rev)
	}
}

// recordDefaultMove audits the current default losing its mark when
// newDefault takes it; the store clears the mark when newDefault is written.
func (s *Service) recordDefaultMove(ctx context.Context, j *journal, newDefault string) error {
	policies, err := j.tx.ListMailboxPolicies(ctx, j.tenant, store.Page{Limit: paging.MaxSize})
	if err != nil {
		return err
	}
	i := slices.IndexFunc(policies, func(p *policyv1.MailboxPolicy) bool { return p.IsDefault && p.Id != newDefault })
	if i < 0 {
		return nil
	}
	before := policies[i]
	after := proto.Clone(before).(*policyv1.MailboxPolicy)
	after.IsDefault = false
	return j.record(ctx, mailboxPolicyResource(j.tenant, before.Id), policyv1.Change_UPDATE, before, s.putMailboxPolicy(ctx, j, after))
}

// GetMailboxPolicy returns a mailbox policy.
func (s *Service) GetMailboxPolicy(ctx context.Context, req *policyv1.GetMailboxPolicyRequest) (*policyv1.GetMailboxPolicyResponse, error) {
	p, err := s.store.GetMailboxPolicy(ctx, req.Tenant, req.Policy)
	if err != nil {
		return nil, storeError(err, "mailbox policy", req.Policy)
	}
	return &policyv1.GetMailboxPolicyResponse{Policy: p}, nil
}

// ListMailboxPolicies lists mailbox policies by id.
func (s *Service) ListMailboxPolicies(ctx context.Context, req *policyv1.ListMailboxPoliciesRequest) (*policyv1.ListMailboxPoliciesResponse, error) {
	policies, next, err := listPage(ctx, s, req.Tenant, req.PageSize, req.PageToken, "", s.store.ListMailboxPolicies, (*policyv1.MailboxPolicy).GetId)
	if err != nil {
		return nil, err
	}
	return &policyv1.ListMailboxPoliciesResponse{Policies: policies, NextPageToken: next}, nil
}

// UpdateMailboxPolicy changes the contact-sync switch or moves the default
// here. The default cannot be unset directly: another policy takes it.
func (s *Service) UpdateMailboxPolicy(ctx context.Context, req *policyv1.UpdateMailboxPolicyRequest) (*policyv1.UpdateMailboxPolicyResponse, error) {
	var after *policyv1.MailboxPolicy
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		before, err := j.tx.GetMailboxPolicy(ctx, req.Tenant, req.Policy.Id)
		if err != nil {
			return storeError(err, "mailbox policy", req.Policy.Id)
		}
		if req.Policy.Etag != "" && req.Policy.Etag != before.Etag {
			return apierror.EtagMismatch("mailbox policy")
		}
		after = proto.Clone(before).(*policyv1.MailboxPolicy)
		fieldmask.Apply(after, req.Policy, req.UpdateMask)
		if after.LinkedinContactSyncEnabled == nil {
			after.LinkedinContactSyncEnabled = proto.Bool(true)
		}
		if unchanged(before, after) {
			after = before
			return nil
		}
		if before.IsDefault && !after.IsDefault {
			return apierror.FailedPrecondition(typev1.ErrorReason_DEFAULT_POLICY_REQUIRED,
				"mailbox policy "+before.Id+" is the default; make another policy the default instead",
				map[string]string{"field": "policy.is_default"})
		}
		if after.IsDefault && !before.IsDefault {
			if err := s.recordDefaultMove(ctx, j, after.Id); err != nil {
				return err
			}
		}
		return j.record(ctx, mailboxPolicyResource(req.Tenant, after.Id), policyv1.Change_UPDATE, before, s.putMailboxPolicy(ctx, j, after))
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.UpdateMailboxPolicyResponse{Policy: after}, nil
}

// DeleteMailboxPolicy deletes a policy other than the default; its users
// follow the default again.
func (s *Service) DeleteMailboxPolicy(ctx context.Context, req *policyv1.DeleteMailboxPolicyRequest) (*policyv1.DeleteMailboxPolicyResponse, error) {
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		before, err := j.tx.GetMailboxPolicy(ctx, req.Tenant, req.Policy)
		if err != nil {
			return storeError(err, "mailbox policy", req.Policy)
		}
		if req.Etag != "" && req.Etag != before.Etag {
			return apierror.EtagMismatch("mailbox policy")
		}
		if before.IsDefault {
			return apierror.FailedPrecondition(typev1.ErrorReason_DEFAULT_POLICY_REQUIRED,
				"mailbox policy "+before.Id+" is the default and cannot be deleted; make another policy the default first",
				map[string]string{"policy": before.Id})
		}
		// Its users follow the default again: each such change is recorded.
		users, err := j.tx.UsersOnPolicy(ctx, req.Tenant, req.Policy)
		if err != nil {
			return err
		}
		for _, u := range users {
			after := proto.Clone(u).(*policyv1.User)
			after.MailboxPolicy = ""
			if err := recordUserUpdate(ctx, j, u, after); err != nil {
				return err
			}
		}
		return j.record(ctx, mailboxPolicyResource(req.Tenant, req.Policy), policyv1.Change_DELETE, before, func(int64) (proto.Message, error) {
			return nil, j.tx.DeleteMailboxPolicy(ctx, req.Tenant, req.Policy)
		})
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.DeleteMailboxPolicyResponse{}, nil
}
