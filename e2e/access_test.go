package e2e

import (
	"crypto/rand"
	"slices"
	"testing"
)

// TestDemoWalkthrough is the README's acceptance walk-through on the seeded
// demo data: the admin restricts LinkedIn to the pilot group, alice (a
// member through pilot-core) keeps access, carol loses it, gov never had it,
// and the audit log records who did it under our request id. It is the one
// test that changes the seeded tenant contoso.
func TestDemoWalkthrough(t *testing.T) {
	admin := as(t, "contoso", "admin", roleTenantAdmin)
	requestID := "e2e-" + rand.Text()
	before := getSettings(t, admin, "contoso")

	t.Run("admin sets SELECTED_GROUP pilot", func(t *testing.T) {
		s := patchSettings(t, admin.withRequestID(requestID), "contoso", map[string]any{
			"mode": "SELECTED_GROUP", "selectedGroup": "pilot", "etag": before.Etag,
		})
		if s.Mode != "SELECTED_GROUP" || s.SelectedGroup != "pilot" || s.ModeSource != "ADMIN" {
			t.Fatalf("settings after PATCH = %+v", s)
		}
	})

	t.Run("alice, nested member of pilot, is allowed", func(t *testing.T) {
		wantReason(t, "alice", checkAccess(t, admin, "contoso", "alice", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")
	})

	t.Run("carol is not in the selected group", func(t *testing.T) {
		wantReason(t, "carol", checkAccess(t, admin, "contoso", "carol", "ACCOUNT_CONNECTION", "WEB"), "NOT_IN_SELECTED_GROUP")
	})

	t.Run("an unknown user is not found", func(t *testing.T) {
		wantReason(t, "nobody", checkAccess(t, admin, "contoso", "nobody", "ACCOUNT_CONNECTION", "WEB"), "USER_NOT_FOUND")
	})

	t.Run("gov is unavailable in its cloud", func(t *testing.T) {
		gov := as(t, "gov", "admin", roleTenantAdmin)
		wantReason(t, "gov user", checkAccess(t, gov, "gov", "someone", "ACCOUNT_CONNECTION", "WEB"), "UNAVAILABLE_IN_CLOUD")
	})

	t.Run("users ask about themselves", func(t *testing.T) {
		alice := as(t, "contoso", "alice", roleUser)
		var mine decision
		alice.ok(t, "GET", "/v1/me/access?capability=ACCOUNT_CONNECTION&surface=WEB", nil, &mine)
		wantReason(t, "alice via /v1/me/access", mine, "ALLOWED")
		wantReason(t, "alice via checkAccess on herself", checkAccess(t, alice, "contoso", "alice", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")

		carol := as(t, "contoso", "carol", roleUser)
		carol.ok(t, "GET", "/v1/me/access?capability=ACCOUNT_CONNECTION", nil, &mine)
		wantReason(t, "carol via /v1/me/access", mine, "NOT_IN_SELECTED_GROUP")
	})

	t.Run("audit log records the change", func(t *testing.T) {
		var log auditLog
		admin.ok(t, "GET", tenantPath("contoso")+"/auditLog?pageSize=50", nil, &log)
		var ours []auditEvent
		for _, e := range log.Events {
			if e.RequestID == requestID {
				ours = append(ours, e)
			}
		}
		if len(ours) != 1 {
			t.Fatalf("%d audit events carry request id %s, want 1; events: %+v", len(ours), requestID, log.Events)
		}
		e := ours[0]
		if e.Actor != "admin" || e.Action != "UpdateLinkedInSettings" || e.Resource != "tenants/contoso/linkedinSettings" || e.Time == "" {
			t.Errorf("audit event = actor %q action %q resource %q time %q, want admin, UpdateLinkedInSettings, tenants/contoso/linkedinSettings, a time",
				e.Actor, e.Action, e.Resource, e.Time)
		}
		if got := string(e.Before["mode"]); got != `"ENABLED"` {
			t.Errorf("audit before.mode = %s, want \"ENABLED\"; before: %v", got, e.Before)
		}
		if got := string(e.After["mode"]); got != `"SELECTED_GROUP"` {
			t.Errorf("audit after.mode = %s, want \"SELECTED_GROUP\"; after: %v", got, e.After)
		}
		if got := string(e.After["selectedGroup"]); got != `"pilot"` {
			t.Errorf("audit after.selectedGroup = %s, want \"pilot\"; after: %v", got, e.After)
		}
	})
}

func TestAccessReasons(t *testing.T) {
	t.Run("tenant setting No", func(t *testing.T) {
		ten, admin := newTenant(t, "DE") // DE defaults to DISABLED
		createUsers(t, admin, ten.ID, "u1")
		wantReason(t, "u1", checkAccess(t, admin, ten.ID, "u1", "ACCOUNT_CONNECTION", "WEB"), "DISABLED_BY_TENANT")
	})

	t.Run("consent capped at LINKEDIN_TO_ORGANIZATION", func(t *testing.T) {
		ten, admin := newTenant(t, "US")
		createUsers(t, admin, ten.ID, "u1")
		s := patchSettings(t, admin, ten.ID, map[string]any{"maxConsentDirection": "LINKEDIN_TO_ORGANIZATION"})
		if s.MaxConsentDirection != "LINKEDIN_TO_ORGANIZATION" || s.MaxConsentDirectionSource != "ADMIN" || s.Mode != "ENABLED" || s.ModeSource != "DEFAULT" {
			t.Errorf("settings = %+v, want only the direction changed, by an admin", s)
		}
		wantReason(t, "u1 sharing data", checkAccess(t, admin, ten.ID, "u1", "SHARE_DATA_WITH_LINKEDIN", "WEB"), "DIRECTION_LIMITED_BY_TENANT")
		wantReason(t, "u1 connecting", checkAccess(t, admin, ten.ID, "u1", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")
	})

	t.Run("batch answers in request order", func(t *testing.T) {
		ten, admin := newTenant(t, "US")
		createUsers(t, admin, ten.ID, "in", "out")
		createGroup(t, admin, ten.ID, "pilot", "users/in")
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
		var batch struct {
			Decisions []struct {
				User   string `json:"user"`
				Reason string `json:"reason"`
			} `json:"decisions"`
		}
		admin.ok(t, "POST", tenantPath(ten.ID)+":batchCheckAccess", map[string]any{
			"users": []string{"out", "ghost", "in"}, "capability": "ACCOUNT_CONNECTION",
		}, &batch)
		want := []string{"out NOT_IN_SELECTED_GROUP", "ghost USER_NOT_FOUND", "in ALLOWED"}
		var got []string
		for _, d := range batch.Decisions {
			got = append(got, d.User+" "+d.Reason)
		}
		if !slices.Equal(got, want) {
			t.Errorf("batch decisions = %q, want %q", got, want)
		}
	})
}
