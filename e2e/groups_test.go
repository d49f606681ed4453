package e2e

import (
	"slices"
	"testing"
)

func TestGroups(t *testing.T) {
	ten, admin := newTenant(t, "US")
	groups := tenantPath(ten.ID) + "/groups"
	createUsers(t, admin, ten.ID, "ann", "ben")

	t.Run("create groups of both types", func(t *testing.T) {
		var outer, inner group
		admin.ok(t, "POST", groups, map[string]any{"id": "outer", "displayName": "Outer", "type": "SECURITY", "description": "top"}, &outer)
		admin.ok(t, "POST", groups, map[string]any{"id": "inner", "displayName": "Inner", "type": "MICROSOFT_365"}, &inner)
		if outer.Type != "SECURITY" || outer.Description != "top" || inner.Type != "MICROSOFT_365" || inner.CreateTime == "" {
			t.Errorf("created %+v and %+v, want the types and fields sent", outer, inner)
		}
		var list groupList
		admin.ok(t, "GET", groups, nil, &list)
		var ids []string
		for _, g := range list.Groups {
			ids = append(ids, g.ID)
		}
		if !slices.Equal(ids, []string{"inner", "outer"}) {
			t.Errorf("listed groups %v, want [inner outer]", ids)
		}
	})

	t.Run("nest members and read them back", func(t *testing.T) {
		if got := addMember(t, admin, ten.ID, "outer", "groups/inner"); !slices.Equal(got, []string{"groups/inner"}) {
			t.Errorf("members of outer after adding inner = %v", got)
		}
		addMember(t, admin, ten.ID, "inner", "users/ben")
		if got := addMember(t, admin, ten.ID, "inner", "users/ann"); !slices.Equal(got, []string{"users/ann", "users/ben"}) {
			t.Errorf("members of inner = %v, want [users/ann users/ben] (ordered)", got)
		}
		var outer groupWithMembers
		admin.ok(t, "GET", groups+"/outer", nil, &outer)
		if outer.Group.ID != "outer" || outer.Group.DisplayName != "Outer" || !slices.Equal(outer.Members, []string{"groups/inner"}) {
			t.Errorf("GET outer = %+v, want the group and its direct members [groups/inner]", outer)
		}
	})

	t.Run("nested member counts for the selected group", func(t *testing.T) {
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "outer"})
		wantReason(t, "ann, member of outer through inner", checkAccess(t, admin, ten.ID, "ann", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")
	})

	t.Run("delete a member", func(t *testing.T) {
		var after memberList
		admin.ok(t, "DELETE", groups+"/inner/members/users/ann", nil, &after)
		if !slices.Equal(after.Members, []string{"users/ben"}) {
			t.Errorf("members after deleting ann = %v, want [users/ben]", after.Members)
		}
		var inner groupWithMembers
		admin.ok(t, "GET", groups+"/inner", nil, &inner)
		if !slices.Equal(inner.Members, []string{"users/ben"}) {
			t.Errorf("GET inner shows members %v, want [users/ben]", inner.Members)
		}
		wantReason(t, "ann, no longer a member", checkAccess(t, admin, ten.ID, "ann", "ACCOUNT_CONNECTION", "WEB"), "NOT_IN_SELECTED_GROUP")
	})

	t.Run("delete a group", func(t *testing.T) {
		admin.ok(t, "POST", groups, map[string]any{"id": "temp", "displayName": "Temp", "type": "SECURITY"}, nil)
		admin.ok(t, "DELETE", groups+"/temp", nil, nil)
		admin.fails(t, "GET", groups+"/temp", nil, notFound)
	})
}
