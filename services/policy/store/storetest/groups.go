package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

func group(id string) *policyv1.Group {
	return &policyv1.Group{
		Id:          id,
		DisplayName: "Group " + id,
		Type:        policyv1.GroupType_MICROSOFT_365,
		Description: "The " + id + " group",
		CreateTime:  at(20),
		Etag:        "20",
	}
}

func createGroups(t *testing.T, s store.Store, tenant string, groups ...*policyv1.Group) {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		for _, g := range groups {
			if err := tx.CreateGroup(t.Context(), tenant, g, revisionOf(g)); err != nil {
				return err
			}
		}
		return nil
	})
}

// addMembers adds members, given as "users/{id}" or "groups/{id}", to group.
func addMembers(t *testing.T, s store.Store, tenant, group string, members ...string) {
	t.Helper()
	parsed := make([]store.Member, len(members))
	for i, m := range members {
		var err error
		parsed[i], err = store.ParseMember(m)
		sqlstoretest.NoErr(t, "ParseMember "+m, err)
	}
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		for _, m := range parsed {
			if err := tx.AddMember(t.Context(), tenant, group, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// wantMembers checks a group's direct members, in the promised order.
func wantMembers(t *testing.T, s store.Store, tenant, group string, want ...string) {
	t.Helper()
	members, err := s.Members(t.Context(), tenant, group)
	sqlstoretest.NoErr(t, "Members", err)
	got := make([]string, len(members))
	for i, m := range members {
		got[i] = m.String()
	}
	sqlstoretest.WantSlice(t, "members of "+tenant+"/"+group, got, want)
}

func groupCases() []testCase {
	return []testCase{
		{Name: "CreateAndGet", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			want := group("pilot")
			createGroups(t, s, "contoso", want)
			got, err := s.GetGroup(t.Context(), "contoso", "pilot")
			sqlstoretest.NoErr(t, "GetGroup", err)
			sqlstoretest.WantProto(t, "GetGroup", got, want)
		}},
		{Name: "TouchGivesTheMembersRevision", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createGroups(t, s, "contoso", group("pilot"))
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.TouchGroup(t.Context(), "contoso", "pilot", 57) })
			got, err := s.GetGroup(t.Context(), "contoso", "pilot")
			sqlstoretest.NoErr(t, "GetGroup", err)
			if got.Etag != "57" {
				t.Errorf("etag after TouchGroup at revision 57 = %q, want 57", got.Etag)
			}
			listed, err := s.ListGroups(t.Context(), "contoso", store.Page{Limit: 10})
			sqlstoretest.NoErr(t, "ListGroups", err)
			if len(listed) != 1 || listed[0].Etag != "57" {
				t.Errorf("ListGroups = %v, want pilot with etag 57", listed)
			}
			// A group that is gone is left alone.
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.TouchGroup(t.Context(), "contoso", "ghost", 58) })
		}},
		{Name: "Duplicate", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createGroups(t, s, "contoso", group("pilot"))
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				return tx.CreateGroup(t.Context(), "contoso", group("pilot"), revisionOf(group("pilot")))
			})
			sqlstoretest.WantErr(t, "CreateGroup with a taken id", err, store.ErrAlreadyExists)
			createGroups(t, s, "fabrikam", group("pilot"))
		}},
		{Name: "Missing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createGroups(t, s, "fabrikam", group("pilot"))
			_, err := s.GetGroup(t.Context(), "contoso", "pilot")
			sqlstoretest.WantErr(t, "GetGroup of a missing group", err, store.ErrNotFound)
		}},
		{Name: "ListPages", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createGroups(t, s, "contoso", group("sales"), group("all-staff"), group("pilot"), group("all.eu"), group("allstaff"))
			createGroups(t, s, "fabrikam", group("admins"))
			all, err := s.ListGroups(t.Context(), "contoso", store.Page{Limit: 100})
			sqlstoretest.NoErr(t, "ListGroups", err)
			sqlstoretest.WantSlice(t, "ListGroups", ids(all), []string{"all-staff", "all.eu", "allstaff", "pilot", "sales"})
			if len(all) > 0 {
				sqlstoretest.WantProto(t, "listed group", all[0], group("all-staff"))
			}
			first, err := s.ListGroups(t.Context(), "contoso", store.Page{Limit: 2})
			sqlstoretest.NoErr(t, "ListGroups", err)
			sqlstoretest.WantSlice(t, "first page", ids(first), []string{"all-staff", "all.eu"})
			next, err := s.ListGroups(t.Context(), "contoso", store.Page{After: "all.eu", Limit: 2})
			sqlstoretest.NoErr(t, "ListGroups", err)
			sqlstoretest.WantSlice(t, "second page", ids(next), []string{"allstaff", "pilot"})
			last, err := s.ListGroups(t.Context(), "contoso", store.Page{After: "sales", Limit: 2})
			sqlstoretest.NoErr(t, "ListGroups", err)
			sqlstoretest.WantSlice(t, "after the last group", ids(last), []string{})
		}},
		{Name: "Search", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			pilot := group("pilot")
			pilot.DisplayName = "Pilot Équipe"
			createGroups(t, s, "contoso", group("sales"), pilot, group("pilot-core"))
			createGroups(t, s, "fabrikam", group("pilots"))
			search := func(query string) []string {
				t.Helper()
				got, err := s.ListGroups(t.Context(), "contoso", store.Page{Limit: 100, Query: query})
				sqlstoretest.NoErr(t, "ListGroups with query "+query, err)
				return ids(got)
			}
			sqlstoretest.WantSlice(t, "id, other tenants left out", search("PILOT"), []string{"pilot", "pilot-core"})
			sqlstoretest.WantSlice(t, "display name beyond ASCII", search("équipe"), []string{"pilot"})
			sqlstoretest.WantSlice(t, "no match", search("%"), []string{})
		}},
		{Name: "Delete", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createUsers(t, s, "contoso", user("alice"))
			createGroups(t, s, "contoso", group("all"), group("emea"), group("pilot"), group("sub"))
			addMembers(t, s, "contoso", "all", "groups/pilot", "users/alice")
			addMembers(t, s, "contoso", "emea", "groups/pilot")
			addMembers(t, s, "contoso", "pilot", "users/alice", "groups/sub")
			createGroups(t, s, "fabrikam", group("all"), group("pilot"))
			addMembers(t, s, "fabrikam", "all", "groups/pilot")

			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.DeleteGroup(t.Context(), "contoso", "pilot") })

			_, err := s.GetGroup(t.Context(), "contoso", "pilot")
			sqlstoretest.WantErr(t, "GetGroup after DeleteGroup", err, store.ErrNotFound)
			wantMembers(t, s, "contoso", "all", "users/alice")
			wantMembers(t, s, "contoso", "emea")
			wantMembers(t, s, "contoso", "pilot")
			nested, err := s.Subgroups(t.Context(), "contoso", "all")
			sqlstoretest.NoErr(t, "Subgroups", err)
			sqlstoretest.WantSlice(t, "groups nested in all after the delete", nested, nil)
			// Its members went with it: a new group of the same id is empty.
			createGroups(t, s, "contoso", group("pilot"))
			wantMembers(t, s, "contoso", "pilot")
			// The user and the former subgroup stay.
			_, err = s.GetUser(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetUser of a former member", err)
			_, err = s.GetGroup(t.Context(), "contoso", "sub")
			sqlstoretest.NoErr(t, "GetGroup of a former subgroup", err)
			// Another tenant's group of the same id is untouched.
			wantMembers(t, s, "fabrikam", "all", "groups/pilot")
		}},
		{Name: "DeleteMissing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createGroups(t, s, "fabrikam", group("pilot"))
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.DeleteGroup(t.Context(), "contoso", "pilot") })
			sqlstoretest.WantErr(t, "DeleteGroup of a missing group", err, store.ErrNotFound)
			_, err = s.GetGroup(t.Context(), "fabrikam", "pilot")
			sqlstoretest.NoErr(t, "GetGroup of the other tenant's group", err)
		}},
		{Name: "MembersOrdered", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"), user("bob"), user("a-b"), user("sales"))
			createGroups(t, s, "contoso", group("all"), group("zeta"), group("alpha"), group("sales"))
			wantMembers(t, s, "contoso", "all")
			addMembers(t, s, "contoso", "all",
				"groups/zeta", "users/bob", "groups/sales", "groups/alpha", "users/sales", "users/alice", "users/a-b")
			// Users first, then groups, each by id.
			wantMembers(t, s, "contoso", "all",
				"users/a-b", "users/alice", "users/bob", "users/sales", "groups/alpha", "groups/sales", "groups/zeta")
		}},
		{Name: "GroupsWith", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createUsers(t, s, "contoso", user("alice"), user("bob"))
			createGroups(t, s, "contoso", group("zeta"), group("pilot"), group("all"))
			createGroups(t, s, "fabrikam", group("pilot"))
			addMembers(t, s, "contoso", "zeta", "users/alice", "groups/pilot")
			addMembers(t, s, "contoso", "all", "users/alice")
			addMembers(t, s, "contoso", "pilot", "users/bob")
			createUsers(t, s, "fabrikam", user("alice"))
			addMembers(t, s, "fabrikam", "pilot", "users/alice")
			got, err := s.GroupsWith(t.Context(), "contoso", store.Member{Kind: store.UserMember, ID: "alice"})
			sqlstoretest.NoErr(t, "GroupsWith", err)
			sqlstoretest.WantSlice(t, "groups with alice", got, []string{"all", "zeta"})
			got, err = s.GroupsWith(t.Context(), "contoso", store.Member{Kind: store.GroupMember, ID: "pilot"})
			sqlstoretest.NoErr(t, "GroupsWith", err)
			sqlstoretest.WantSlice(t, "groups with group pilot", got, []string{"zeta"})
		}},
		{Name: "DuplicateMember", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"))
			createGroups(t, s, "contoso", group("pilot"), group("all"))
			addMembers(t, s, "contoso", "pilot", "users/alice")
			addMembers(t, s, "contoso", "all", "users/alice")
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				return tx.AddMember(t.Context(), "contoso", "pilot", store.Member{Kind: store.UserMember, ID: "alice"})
			})
			sqlstoretest.WantErr(t, "AddMember twice", err, store.ErrAlreadyExists)
			wantMembers(t, s, "contoso", "pilot", "users/alice")
		}},
		{Name: "RemoveMember", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			createUsers(t, s, "contoso", user("alice"), user("bob"))
			createGroups(t, s, "contoso", group("pilot"), group("all"), group("sub"))
			addMembers(t, s, "contoso", "pilot", "users/alice", "users/bob", "groups/sub")
			addMembers(t, s, "contoso", "all", "users/alice")

			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				return tx.RemoveMember(t.Context(), "contoso", "pilot", store.Member{Kind: store.UserMember, ID: "alice"})
			})
			wantMembers(t, s, "contoso", "pilot", "users/bob", "groups/sub")
			wantMembers(t, s, "contoso", "all", "users/alice")
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				return tx.RemoveMember(t.Context(), "contoso", "pilot", store.Member{Kind: store.GroupMember, ID: "sub"})
			})
			wantMembers(t, s, "contoso", "pilot", "users/bob")

			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				return tx.RemoveMember(t.Context(), "contoso", "pilot", store.Member{Kind: store.UserMember, ID: "alice"})
			})
			sqlstoretest.WantErr(t, "RemoveMember of a former member", err, store.ErrNotFound)
			err = sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				return tx.RemoveMember(t.Context(), "contoso", "pilot", store.Member{Kind: store.GroupMember, ID: "bob"})
			})
			sqlstoretest.WantErr(t, "RemoveMember of a group named like a member user", err, store.ErrNotFound)
		}},
		{Name: "SubgroupsFiveLevels", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createUsers(t, s, "contoso", user("alice"))
			createGroups(t, s, "contoso", group("l1"), group("l2"), group("l3"), group("l4"), group("l5"), group("side"), group("other"))
			// l1 > l2 > l3 > l4 > l5, with users along the way, a side branch
			// and a second path to l4.
			addMembers(t, s, "contoso", "l1", "groups/l2", "users/alice", "groups/side")
			addMembers(t, s, "contoso", "l2", "groups/l3")
			addMembers(t, s, "contoso", "l3", "groups/l4", "users/alice")
			addMembers(t, s, "contoso", "l4", "groups/l5")
			addMembers(t, s, "contoso", "side", "groups/l4")
			// The same ids nest differently in another tenant.
			createGroups(t, s, "fabrikam", group("l5"), group("x"), group("l1"), group("other"))
			addMembers(t, s, "fabrikam", "l5", "groups/x")
			addMembers(t, s, "fabrikam", "l1", "groups/other")

			for _, c := range []struct {
				group string
				want  []string
			}{
				{"l1", []string{"l2", "l3", "l4", "l5", "side"}},
				{"l2", []string{"l3", "l4", "l5"}},
				{"l3", []string{"l4", "l5"}},
				{"side", []string{"l4", "l5"}},
				{"l4", []string{"l5"}},
				{"l5", nil},
				{"other", nil},
			} {
				got, err := s.Subgroups(t.Context(), "contoso", c.group)
				sqlstoretest.NoErr(t, "Subgroups", err)
				sqlstoretest.WantSlice(t, "Subgroups of "+c.group, sorted(got), c.want)
			}
		}},
		{Name: "GroupReferences", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			createGroups(t, s, "contoso", group("pilot"), group("vip"), group("both"), group("none"))
			createGroups(t, s, "fabrikam", group("none"))
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				err := tx.PutLinkedInSettings(t.Context(), "contoso", &policyv1.LinkedInSettings{
					Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot", UpdateTime: at(1),
				}, 1)
				if err != nil {
					return err
				}
				return tx.PutClientPolicy(t.Context(), "contoso", &policyv1.ClientPolicy{
					Setting: policyv1.ClientPolicy_ENABLED,
					GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{
						{Group: "vip", Setting: policyv1.ClientPolicy_DISABLED},
					},
					UpdateTime: at(1),
				}, 1)
			})
			// Another tenant's settings name "none" in both places.
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				err := tx.PutLinkedInSettings(t.Context(), "fabrikam", &policyv1.LinkedInSettings{
					Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "none", UpdateTime: at(1),
				}, 1)
				if err != nil {
					return err
				}
				return tx.PutClientPolicy(t.Context(), "fabrikam", &policyv1.ClientPolicy{
					Setting:        policyv1.ClientPolicy_ENABLED,
					GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{{Group: "none", Setting: policyv1.ClientPolicy_ENABLED}},
					UpdateTime:     at(1),
				}, 1)
			})

			check := func(group string, want ...string) {
				t.Helper()
				got, err := s.GroupReferences(t.Context(), "contoso", group)
				sqlstoretest.NoErr(t, "GroupReferences", err)
				sqlstoretest.WantSlice(t, "references to "+group, sorted(got), want)
			}
			check("pilot", "linkedinSettings.selectedGroup")
			check("vip", "clientPolicy.groupOverrides")
			check("none")

			// One group named in both places.
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				err := tx.PutLinkedInSettings(t.Context(), "contoso", &policyv1.LinkedInSettings{
					Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "both", UpdateTime: at(2),
				}, 2)
				if err != nil {
					return err
				}
				return tx.PutClientPolicy(t.Context(), "contoso", &policyv1.ClientPolicy{
					Setting: policyv1.ClientPolicy_ENABLED,
					GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{
						{Group: "vip", Setting: policyv1.ClientPolicy_DISABLED},
						{Group: "both", Setting: policyv1.ClientPolicy_ENABLED},
					},
					UpdateTime: at(2),
				}, 2)
			})
			check("both", "clientPolicy.groupOverrides", "linkedinSettings.selectedGroup")
			check("pilot")
			check("vip", "clientPolicy.groupOverrides")
		}},
	}
}
