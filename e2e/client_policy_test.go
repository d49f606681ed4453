package e2e

import (
	"testing"
)

func TestClientPolicy(t *testing.T) {
	ten, admin := newTenant(t, "US")
	createUsers(t, admin, ten.ID, "inside", "outside")
	createGroup(t, admin, ten.ID, "champions", "users/inside")
	path := tenantPath(ten.ID) + "/clientPolicy"

	t.Run("not configured: shown, and the user may change it", func(t *testing.T) {
		d := checkAccess(t, admin, ten.ID, "outside", "PROFILE_ENRICHMENT", "DESKTOP")
		wantReason(t, "outside, DESKTOP", d, "ALLOWED")
		wantEffective(t, "outside, DESKTOP", d, effectiveClientPolicy{Setting: "NOT_CONFIGURED", UserMayChange: true})
	})

	t.Run("DISABLED hides desktop features and locks them", func(t *testing.T) {
		var read, updated clientPolicy
		admin.ok(t, "GET", path, nil, &read)
		admin.ok(t, "PATCH", path, map[string]any{"setting": "DISABLED", "etag": read.Etag}, &updated)
		if updated.Setting != "DISABLED" || updated.UpdateActor != "admin" || updated.Etag == read.Etag {
			t.Errorf("after PATCH = %+v, want DISABLED by admin with a new etag", updated)
		}
		d := checkAccess(t, admin, ten.ID, "outside", "PROFILE_ENRICHMENT", "DESKTOP")
		wantReason(t, "outside, DESKTOP", d, "DISABLED_BY_CLIENT_POLICY")
		wantEffective(t, "outside, DESKTOP", d, effectiveClientPolicy{Setting: "DISABLED", UserMayChange: false})
	})

	t.Run("the web is not governed by the client policy", func(t *testing.T) {
		d := checkAccess(t, admin, ten.ID, "outside", "PROFILE_ENRICHMENT", "WEB")
		wantReason(t, "outside, WEB", d, "ALLOWED")
		if d.ClientPolicy != nil {
			t.Errorf("WEB decision carries clientPolicy %+v, want none (it is set for DESKTOP only)", *d.ClientPolicy)
		}
	})

	t.Run("a group override wins for its members", func(t *testing.T) {
		var updated clientPolicy
		admin.ok(t, "PATCH", path, map[string]any{
			"groupOverrides": []map[string]any{{"group": "champions", "setting": "ENABLED"}},
		}, &updated)
		if updated.Setting != "DISABLED" || len(updated.GroupOverrides) != 1 {
			t.Errorf("after PATCH of groupOverrides = %+v, want the setting kept and one override", updated)
		}
		inside := checkAccess(t, admin, ten.ID, "inside", "PROFILE_ENRICHMENT", "DESKTOP")
		wantReason(t, "inside, DESKTOP", inside, "ALLOWED")
		wantEffective(t, "inside, DESKTOP", inside, effectiveClientPolicy{Setting: "ENABLED", SourceGroup: "champions", UserMayChange: false})
		outside := checkAccess(t, admin, ten.ID, "outside", "PROFILE_ENRICHMENT", "DESKTOP")
		wantReason(t, "outside, DESKTOP", outside, "DISABLED_BY_CLIENT_POLICY")
	})
}

// wantEffective checks the client policy a DESKTOP decision reports.
func wantEffective(t *testing.T, who string, d decision, want effectiveClientPolicy) {
	t.Helper()
	if d.ClientPolicy == nil {
		t.Errorf("%s: decision has no clientPolicy, want %+v", who, want)
		return
	}
	if *d.ClientPolicy != want {
		t.Errorf("%s: clientPolicy = %+v, want %+v", who, *d.ClientPolicy, want)
	}
}
