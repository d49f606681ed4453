package ctl

import (
	"context"
	"github.com/liaisonhq/liaison/cli/internal/pages"
	"strings"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
)

var groupColumns = []column[*policyv1.Group]{
	{"ID", (*policyv1.Group).GetId},
	{"NAME", (*policyv1.Group).GetDisplayName},
	{"TYPE", func(g *policyv1.Group) string { return enum(g.Type) }},
	{"DESCRIPTION", (*policyv1.Group).GetDescription},
}

var memberColumns = []column[string]{{"MEMBER", func(m string) string { return m }}}

func groupsCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "groups", Aliases: []string{"group"}, Short: "The tenant's directory: groups and their members"}
	var list struct {
		query string
		limit int
	}
	listCmd := &cobra.Command{
		Use:     "list",
		Short:   "List groups, by id",
		Example: "  liaisonctl groups list --query pilot",
		Args:    args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			groups, err := pages.All(list.limit, func(token string) ([]*policyv1.Group, string, error) {
				resp, err := p.ListGroups(ctx, &policyv1.ListGroupsRequest{Tenant: tenant, PageSize: pageSize, PageToken: token, Query: list.query})
				return resp.GetGroups(), resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			return show(s, &policyv1.ListGroupsResponse{Groups: groups}, groups, groupColumns)
		}),
	}
	listCmd.Flags().StringVarP(&list.query, "query", "q", "", "only groups whose id or name contains this")
	listCmd.Flags().IntVar(&list.limit, "limit", 0, "at most this many (0: all)")
	c.AddCommand(listCmd)

	c.AddCommand(&cobra.Command{
		Use:     "get GROUP",
		Short:   "Show a group",
		Example: "  liaisonctl groups get pilot",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			resp, err := p.GetGroup(ctx, &policyv1.GetGroupRequest{Tenant: tenant, Group: a[0]})
			if err != nil {
				return err
			}
			return show(s, resp.Group, []*policyv1.Group{resp.Group}, groupColumns)
		}),
	})

	var create struct{ name, kind, description string }
	createCmd := &cobra.Command{
		Use:     "create GROUP --name NAME",
		Short:   "Create a group",
		Example: "  liaisonctl groups create pilot --name 'LinkedIn pilot' --type SECURITY",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			kind, err := parseEnum[policyv1.GroupType]("--type", create.kind, policyv1.GroupType_value, "")
			if err != nil {
				return err
			}
			resp, err := p.CreateGroup(ctx, &policyv1.CreateGroupRequest{Tenant: tenant, Group: &policyv1.Group{
				Id: a[0], DisplayName: create.name, Type: kind, Description: create.description,
			}})
			if err != nil {
				return err
			}
			return show(s, resp.Group, []*policyv1.Group{resp.Group}, groupColumns)
		}),
	}
	createCmd.Flags().StringVar(&create.name, "name", "", "display name")
	createCmd.Flags().StringVar(&create.kind, "type", "SECURITY", "group type: "+enumNames(policyv1.GroupType_value, ""))
	createCmd.Flags().StringVar(&create.description, "description", "", "description")
	c.AddCommand(createCmd)

	c.AddCommand(&cobra.Command{
		Use:     "delete GROUP",
		Short:   "Delete a group (its memberships end)",
		Example: "  liaisonctl groups delete pilot",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			if _, err := p.DeleteGroup(ctx, &policyv1.DeleteGroupRequest{Tenant: tenant, Group: a[0]}); err != nil {
				return err
			}
			s.say("group %s deleted", a[0])
			return nil
		}),
	})
	c.AddCommand(membersCommand(s))
	return c
}

func membersCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "members", Short: "A group's direct members: users/ID or groups/ID (a bare ID is a user)"}
	c.AddCommand(&cobra.Command{
		Use:     "list GROUP",
		Short:   "List a group's direct members",
		Example: "  liaisonctl groups members list pilot",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			resp, err := p.GetGroup(ctx, &policyv1.GetGroupRequest{Tenant: tenant, Group: a[0]})
			if err != nil {
				return err
			}
			return show(s, &policyv1.AddGroupMemberResponse{Members: resp.Members}, resp.Members, memberColumns)
		}),
	})
	for _, add := range []bool{true, false} {
		verb, short, example := "add", "Add members to a group", "  liaisonctl groups members add pilot alice groups/pilot-core"
		if !add {
			verb, short, example = "remove", "Remove members from a group", "  liaisonctl groups members remove pilot frank"
		}
		c.AddCommand(&cobra.Command{
			Use:     verb + " GROUP MEMBER...",
			Short:   short,
			Example: example,
			Args:    args(cobra.MinimumNArgs(2)),
			RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
				var members []string
				for _, m := range a[1:] {
					m = memberName(m)
					var err error
					if add {
						var resp *policyv1.AddGroupMemberResponse
						resp, err = p.AddGroupMember(ctx, &policyv1.AddGroupMemberRequest{Tenant: tenant, Group: a[0], Member: m})
						members = resp.GetMembers()
					} else {
						var resp *policyv1.RemoveGroupMemberResponse
						resp, err = p.RemoveGroupMember(ctx, &policyv1.RemoveGroupMemberRequest{Tenant: tenant, Group: a[0], Member: m})
						members = resp.GetMembers()
					}
					if err != nil {
						return err
					}
				}
				return show(s, &policyv1.AddGroupMemberResponse{Members: members}, members, memberColumns)
			}),
		})
	}
	return c
}

// memberName is a member as the API names it: a bare id is a user.
func memberName(m string) string {
	if strings.HasPrefix(m, "users/") || strings.HasPrefix(m, "groups/") {
		return m
	}
	return "users/" + m
}
