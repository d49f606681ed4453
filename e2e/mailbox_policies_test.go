package e2e

import (
	"testing"
)

func TestMailboxPolicies(t *testing.T) {
	ten, admin := newTenant(t, "US")
	policies := tenantPath(ten.ID) + "/mailboxPolicies"
	createUsers(t, admin, ten.ID, "assigned", "follower")

	t.Run("create, with contact sync on unless said otherwise", func(t *testing.T) {
		var noSync, other mailboxPolicy
		admin.ok(t, "POST", policies, map[string]any{"id": "NoSync", "linkedinContactSyncEnabled": false}, &noSync)
		admin.ok(t, "POST", policies, map[string]any{"id": "Other"}, &other)
		if syncOn(noSync) || noSync.IsDefault || noSync.Etag == "" || noSync.UpdateActor != "admin" {
			t.Errorf("NoSync = %+v, want contact sync off, not default, an etag, updateActor admin", noSync)
		}
		if !syncOn(other) {
			t.Errorf("Other = %+v, want linkedinContactSyncEnabled defaulted to true", other)
		}
		var got mailboxPolicy
		admin.ok(t, "GET", policies+"/NoSync", nil, &got)
		if got.ID != "NoSync" || syncOn(got) || got.Etag != noSync.Etag {
			t.Errorf("GET NoSync = %+v, want what POST answered: %+v", got, noSync)
		}
	})

	t.Run("list shows exactly one default", func(t *testing.T) {
		wantDefault(t, admin, policies, "OwaMailboxPolicy-Default", "NoSync", "Other", "OwaMailboxPolicy-Default")
	})

	t.Run("assigned policy turns contact sync off for its user only", func(t *testing.T) {
		admin.ok(t, "PATCH", tenantPath(ten.ID)+"/users/assigned", map[string]any{"mailboxPolicy": "NoSync"}, nil)
		wantReason(t, "assigned, CONTACT_SYNC", checkAccess(t, admin, ten.ID, "assigned", "CONTACT_SYNC", "WEB"), "CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY")
		wantReason(t, "assigned, ACCOUNT_CONNECTION", checkAccess(t, admin, ten.ID, "assigned", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")
		wantReason(t, "follower, CONTACT_SYNC", checkAccess(t, admin, ten.ID, "follower", "CONTACT_SYNC", "WEB"), "ALLOWED")
	})

	t.Run("PATCH isDefault moves the default", func(t *testing.T) {
		var moved mailboxPolicy
		admin.ok(t, "PATCH", policies+"/Other", map[string]any{"isDefault": true}, &moved)
		if !moved.IsDefault || !syncOn(moved) {
			t.Errorf("Other after PATCH = %+v, want default with contact sync still on", moved)
		}
		wantDefault(t, admin, policies, "Other", "NoSync", "Other", "OwaMailboxPolicy-Default")
	})

	t.Run("a user without a policy follows the default", func(t *testing.T) {
		var other mailboxPolicy
		admin.ok(t, "GET", policies+"/Other", nil, &other)
		admin.ok(t, "PATCH", policies+"/Other", map[string]any{"linkedinContactSyncEnabled": false, "etag": other.Etag}, nil)
		wantReason(t, "follower of the default Other", checkAccess(t, admin, ten.ID, "follower", "CONTACT_SYNC", "WEB"), "CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY")
		admin.ok(t, "PATCH", policies+"/Other", map[string]any{"linkedinContactSyncEnabled": true}, nil)
		wantReason(t, "follower, sync back on", checkAccess(t, admin, ten.ID, "follower", "CONTACT_SYNC", "WEB"), "ALLOWED")
	})

	t.Run("delete returns its users to the default", func(t *testing.T) {
		admin.ok(t, "DELETE", policies+"/NoSync", nil, nil)
		admin.fails(t, "GET", policies+"/NoSync", nil, notFound)
		var u user
		admin.ok(t, "GET", tenantPath(ten.ID)+"/users/assigned", nil, &u)
		if u.MailboxPolicy != "" {
			t.Errorf("assigned user's mailboxPolicy = %q after its policy was deleted, want empty", u.MailboxPolicy)
		}
		wantReason(t, "assigned, back on the default", checkAccess(t, admin, ten.ID, "assigned", "CONTACT_SYNC", "WEB"), "ALLOWED")
	})
}

func syncOn(p mailboxPolicy) bool {
	return p.LinkedinContactSyncEnabled != nil && *p.LinkedinContactSyncEnabled
}

// wantDefault lists the policies and checks they are ids, in order, with
// exactly defaultID marked default.
func wantDefault(t *testing.T, admin caller, path, defaultID string, ids ...string) {
	t.Helper()
	var list mailboxPolicyList
	admin.ok(t, "GET", path, nil, &list)
	var got []string
	defaults := 0
	for _, p := range list.Policies {
		got = append(got, p.ID)
		if p.IsDefault {
			defaults++
			if p.ID != defaultID {
				t.Errorf("%s is marked default, want %s", p.ID, defaultID)
			}
		}
	}
	if defaults != 1 {
		t.Errorf("%d policies marked default, want exactly one: %+v", defaults, list.Policies)
	}
	if len(got) != len(ids) {
		t.Fatalf("policies %v, want %v", got, ids)
	}
	for i := range ids {
		if got[i] != ids[i] {
			t.Errorf("policies %v, want %v", got, ids)
			break
		}
	}
}
