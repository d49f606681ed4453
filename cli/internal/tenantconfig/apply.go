package tenantconfig

import (
	"context"
	"fmt"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// caller makes a plan's calls, each with the etag of what it changes: the
// one the snapshot saw, or the one this apply's own earlier change gave it.
// A change someone else made meanwhile is refused by the service (ABORTED)
// instead of overwritten.
type caller struct {
	ctx      context.Context
	client   policyv1.PolicyServiceClient
	tenant   string
	groups   map[string]string // group id -> etag
	policies map[string]string // mailbox policy id -> etag; "" once this apply changed it indirectly
}

// Progress hears of each step before it is made (err nil) and after (its
// outcome).
type Progress func(step *Step, done bool, err error)

// Apply makes the plan's changes in order and stops at the first that
// fails, returning how many were made. Each change is whole (its audit
// entry with it); a plan stopped midway is finished by planning again.
func (p *Plan) Apply(ctx context.Context, client policyv1.PolicyServiceClient, s *Snapshot, progress Progress) (int, error) {
	c := &caller{ctx: ctx, client: client, tenant: p.Tenant, groups: map[string]string{}, policies: map[string]string{}}
	for id, g := range s.Groups {
		c.groups[id] = g.Group.Etag
	}
	for id, mp := range s.Policies {
		c.policies[id] = mp.Etag
	}
	for i, step := range p.Steps {
		if progress != nil {
			progress(step, false, nil)
		}
		err := step.call(c)
		if progress != nil {
			progress(step, true, err)
		}
		if err != nil {
			return i, fmt.Errorf("%s %s: %w", step.Action, step.Resource, err)
		}
	}
	return len(p.Steps), nil
}

func (c *caller) createGroup(g *policyv1.Group) error {
	resp, err := c.client.CreateGroup(c.ctx, &policyv1.CreateGroupRequest{Tenant: c.tenant, Group: g})
	if err == nil {
		c.groups[g.Id] = resp.Group.Etag
	}
	return err
}

func (c *caller) changeMember(group, member string, add bool) error {
	var etag string
	if add {
		resp, err := c.client.AddGroupMember(c.ctx, &policyv1.AddGroupMemberRequest{Tenant: c.tenant, Group: group, Member: member, Etag: c.groups[group]})
		if err != nil {
			return err
		}
		etag = resp.Etag
	} else {
		resp, err := c.client.RemoveGroupMember(c.ctx, &policyv1.RemoveGroupMemberRequest{Tenant: c.tenant, Group: group, Member: member, Etag: c.groups[group]})
		if err != nil {
			return err
		}
		etag = resp.Etag
	}
	c.groups[group] = etag
	return nil
}

func (c *caller) deleteGroup(group string) error {
	_, err := c.client.DeleteGroup(c.ctx, &policyv1.DeleteGroupRequest{Tenant: c.tenant, Group: group, Etag: c.groups[group]})
	return err
}

func (c *caller) createPolicy(p *policyv1.MailboxPolicy) error {
	_, err := c.client.CreateMailboxPolicy(c.ctx, &policyv1.CreateMailboxPolicyRequest{Tenant: c.tenant, Policy: p})
	if err == nil && p.IsDefault {
		c.tookDefault()
	}
	return err
}

func (c *caller) updatePolicy(p *policyv1.MailboxPolicy, paths []string) error {
	_, err := c.client.UpdateMailboxPolicy(c.ctx, &policyv1.UpdateMailboxPolicyRequest{
		Tenant: c.tenant, Policy: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: append(paths, "etag")},
	})
	if err == nil && p.IsDefault {
		c.tookDefault()
	}
	return err
}

// tookDefault notes that a policy took the default: the old default
// changed with it (this apply's own change), so its etag from the snapshot
// no longer holds, and deleting it is not conditional.
func (c *caller) tookDefault() {
	for id := range c.policies {
		c.policies[id] = ""
	}
}

func (c *caller) deletePolicy(id string) error {
	_, err := c.client.DeleteMailboxPolicy(c.ctx, &policyv1.DeleteMailboxPolicyRequest{Tenant: c.tenant, Policy: id, Etag: c.policies[id]})
	return err
}

func (c *caller) assign(user, policy, etag string) error {
	_, err := c.client.UpdateUser(c.ctx, &policyv1.UpdateUserRequest{
		Tenant: c.tenant, User: &policyv1.User{Id: user, MailboxPolicy: policy, Etag: etag},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mailbox_policy", "etag"}},
	})
	return err
}

func (c *caller) updateSettings(s *policyv1.LinkedInSettings) error {
	_, err := c.client.UpdateLinkedInSettings(c.ctx, &policyv1.UpdateLinkedInSettingsRequest{
		Tenant: c.tenant, Settings: s,
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode", "selected_group", "max_consent_direction", "etag"}},
	})
	return err
}

func (c *caller) updateClientPolicy(p *policyv1.ClientPolicy) error {
	_, err := c.client.UpdateClientPolicy(c.ctx, &policyv1.UpdateClientPolicyRequest{
		Tenant: c.tenant, Policy: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"setting", "group_overrides", "etag"}},
	})
	return err
}
