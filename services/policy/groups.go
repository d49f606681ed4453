package policy

import (
	"context"
	"slices"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CreateGroup creates a group.
func (s *Service) CreateGroup(ctx context.Context, req *policyv1.CreateGroupRequest) (*policyv1.CreateGroupResponse, error) {
	g := proto.Clone(req.Group).(*policyv1.Group)
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		if _, err := j.tx.GetTenant(ctx, req.Tenant); err != nil {
			return storeError(err, "tenant", req.Tenant)
		}
		g.CreateTime = timestamppb.New(j.now)
		return j.record(ctx, groupResource(req.Tenant, g.Id), policyv1.Change_CREATE, nil, func(rev int64) (proto.Message, error) {
			g.Etag = store.Etag(rev)
			return g, storeError(j.tx.CreateGroup(ctx, req.Tenant, g, rev), "group", g.Id)
		})
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.CreateGroupResponse{Group: g}, nil
}

// GetGroup returns a group and its direct members.
func (s *Service) GetGroup(ctx context.Context, req *policyv1.GetGroupRequest) (*policyv1.GetGroupResponse, error) {
	g, err := s.store.GetGroup(ctx, req.Tenant, req.Group)
	if err != nil {
		return nil, storeError(err, "group", req.Group)
	}
	members, err := s.store.Members(ctx, req.Tenant, req.Group)
	if err != nil {
		return nil, err
	}
	return &policyv1.GetGroupResponse{Group: g, Members: memberNames(members)}, nil
}

// ListGroups lists the directory's groups by id.
func (s *Service) ListGroups(ctx context.Context, req *policyv1.ListGroupsRequest) (*policyv1.ListGroupsResponse, error) {
	groups, next, err := listPage(ctx, s, req.Tenant, req.PageSize, req.PageToken, req.Query, s.store.ListGroups, (*policyv1.Group).GetId)
	if err != nil {
		return nil, err
	}
	return &policyv1.ListGroupsResponse{Groups: groups, NextPageToken: next}, nil
}

// DeleteGroup deletes a group no setting refers to.
func (s *Service) DeleteGroup(ctx context.Context, req *policyv1.DeleteGroupRequest) (*policyv1.DeleteGroupResponse, error) {
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		before, err := j.tx.GetGroup(ctx, req.Tenant, req.Group)
		if err != nil {
			return storeError(err, "group", req.Group)
		}
		if req.Etag != "" && req.Etag != before.Etag {
			return apierror.EtagMismatch("group " + req.Group)
		}
		refs, err := j.tx.GroupReferences(ctx, req.Tenant, req.Group)
		if err != nil {
			return err
		}
		if len(refs) > 0 {
			return apierror.FailedPrecondition(typev1.ErrorReason_RESOURCE_IN_USE,
				"group "+req.Group+" is still named by "+strings.Join(refs, " and ")+"; change that setting first",
				map[string]string{"group": req.Group, "referenced_by": strings.Join(refs, ",")})
		}
		// The group's memberships, in other groups and of its own members,
		// end with it; each is recorded like a removal.
		if err := s.recordMembershipsEnding(ctx, j, store.Member{Kind: store.GroupMember, ID: req.Group}); err != nil {
			return err
		}
		members, err := j.tx.Members(ctx, req.Tenant, req.Group)
		if err != nil {
			return err
		}
		for _, m := range members {
			if err := s.recordMembership(ctx, j, req.Group, m, policyv1.Change_DELETE, nil); err != nil {
				return err
			}
		}
		return j.record(ctx, groupResource(req.Tenant, req.Group), policyv1.Change_DELETE, before, func(int64) (proto.Message, error) {
			return nil, j.tx.DeleteGroup(ctx, req.Tenant, req.Group)
		})
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.DeleteGroupResponse{}, nil
}

// AddGroupMember adds a user or group, refusing cycles.
func (s *Service) AddGroupMember(ctx context.Context, req *policyv1.AddGroupMemberRequest) (*policyv1.AddGroupMemberResponse, error) {
	return s.changeMembers(ctx, req.Tenant, req.Group, req.Member, req.Etag, true)
}

// RemoveGroupMember removes a direct member.
func (s *Service) RemoveGroupMember(ctx context.Context, req *policyv1.RemoveGroupMemberRequest) (*policyv1.RemoveGroupMemberResponse, error) {
	members, err := s.changeMembers(ctx, req.Tenant, req.Group, req.Member, req.Etag, false)
	if err != nil {
		return nil, err
	}
	return &policyv1.RemoveGroupMemberResponse{Members: members.Members, Etag: members.Etag}, nil
}

// changeMembers adds or removes one member and returns the new member list.
// The change log and the audit log record the one membership (resource
// ".../members/users/alice"), not the whole list, so filling a large group
// costs the same per member.
func (s *Service) changeMembers(ctx context.Context, tenant, group, member, etag string, add bool) (*policyv1.AddGroupMemberResponse, error) {
	m, err := store.ParseMember(member)
	if err != nil {
		return nil, apierror.InvalidField("member", err.Error())
	}
	var after []string
	var etagAfter string
	err = s.write(ctx, tenant, func(j *journal) error {
		before, err := j.tx.GetGroup(ctx, tenant, group)
		if err != nil {
			return storeError(err, "group", group)
		}
		if etag != "" && etag != before.Etag {
			return apierror.EtagMismatch("group " + group)
		}
		if add {
			if err := s.checkNewMember(ctx, j.tx, tenant, group, m); err != nil {
				return err
			}
			err = s.recordMembership(ctx, j, group, m, policyv1.Change_CREATE, func() error {
				return storeError(j.tx.AddMember(ctx, tenant, group, m), "member of group "+group, member)
			})
		} else {
			err = s.recordMembership(ctx, j, group, m, policyv1.Change_DELETE, func() error {
				return storeError(j.tx.RemoveMember(ctx, tenant, group, m), "member of group "+group, member)
			})
		}
		if err != nil {
			return err
		}
		now, err := j.tx.Members(ctx, tenant, group)
		if err != nil {
			return err
		}
		if add && len(now) > maxGroupMembers {
			return groupFull(group)
		}
		after, etagAfter = memberNames(now), store.Etag(j.last)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &policyv1.AddGroupMemberResponse{Members: after, Etag: etagAfter}, nil
}

// recordMembershipsEnding records the end of m's memberships in every group,
// before m itself is deleted (the store removes the rows with it).
func (s *Service) recordMembershipsEnding(ctx context.Context, j *journal, m store.Member) error {
	groups, err := j.tx.GroupsWith(ctx, j.tenant, m)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if err := s.recordMembership(ctx, j, g, m, policyv1.Change_DELETE, nil); err != nil {
			return err
		}
	}
	return nil
}

// recordMembership records a membership created or ended: persist makes the
// change, or is nil when the store makes it as part of a delete.
func (s *Service) recordMembership(ctx context.Context, j *journal, group string, m store.Member, op policyv1.Change_Operation, persist func() error) error {
	membership, err := structpb.NewStruct(map[string]any{"group": group, "member": m.String()})
	if err != nil {
		return err
	}
	before, after := proto.Message(nil), proto.Message(membership)
	if op == policyv1.Change_DELETE {
		before, after = membership, nil
	}
	return j.record(ctx, membersResource(j.tenant, group)+"/"+m.String(), op, before, func(rev int64) (proto.Message, error) {
		if persist != nil {
			if err := persist(); err != nil {
				return nil, err
			}
		}
		return after, j.tx.TouchGroup(ctx, j.tenant, group, rev)
	})
}

// checkNewMember checks the member exists and, for a group, that adding it
// would not make group contain itself.
func (s *Service) checkNewMember(ctx context.Context, r store.Reader, tenant, group string, m store.Member) error {
	if m.Kind == store.UserMember {
		_, err := r.GetUser(ctx, tenant, m.ID)
		return storeError(err, "user", m.ID)
	}
	if _, err := r.GetGroup(ctx, tenant, m.ID); err != nil {
		return storeError(err, "group", m.ID)
	}
	nested, err := r.Subgroups(ctx, tenant, m.ID)
	if err != nil {
		return err
	}
	if m.ID == group || slices.Contains(nested, group) {
		return apierror.FailedPrecondition(typev1.ErrorReason_GROUP_CYCLE,
			"adding group "+m.ID+" to group "+group+" would make "+group+" contain itself",
			map[string]string{"group": group, "member": m.String()})
	}
	return nil
}

func memberNames(members []store.Member) []string {
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.String()
	}
	return names
}
