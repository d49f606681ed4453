package e2e

import (
	"fmt"
	"testing"
	"time"
)

// followThrough bounds how long consent may take to act on a policy change.
// It learns of changes from policy's Watch stream, so this is a ceiling,
// not a polling interval.
const followThrough = 10 * time.Second

// TestLinkedInPolicyFollowThrough changes the tenant's policy under
// connected users: consent must revoke or narrow their grants on its own,
// record why, and clean up at LinkedIn as a disconnect would.
func TestLinkedInPolicyFollowThrough(t *testing.T) {
	ten, admin := newTenant(t, "US")
	in := newLinkedInUser(t, admin, ten.ID, "in")
	out := newLinkedInUser(t, admin, ten.ID, "out")
	leaver := newLinkedInUser(t, admin, ten.ID, "leaver")
	createGroup(t, admin, ten.ID, "pilot", "users/in", "users/leaver")
	for _, u := range []linkedinUser{in, out, leaver} {
		connectLinkedIn(t, u.caller, bidirectional)
	}
	simImportContacts(t, out.memberID, simContact{FirstName: "Kim", Emails: []string{"kim@example.com"}})

	t.Run("a user outside the selected group is disconnected", func(t *testing.T) {
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
		waitForEvent(t, admin, ten.ID, "out REVOKED NOT_IN_SELECTED_GROUP by service:consent")
		wantNotConnected(t, out.caller)
		wantNoImports(t, out.memberID)
		wantNoTokens(t, out.memberID)
		if got := getConnection(t, in.caller); got.State != "CONNECTED" || got.Direction != bidirectional {
			t.Errorf("in, a pilot member: connection %+v, want still CONNECTED both ways", got)
		}
	})

	t.Run("a user who leaves the directory is disconnected", func(t *testing.T) {
		admin.ok(t, "DELETE", tenantPath(ten.ID)+"/users/leaver", nil, nil)
		waitForEvent(t, admin, ten.ID, "leaver REVOKED USER_NOT_FOUND by service:consent")
		wantNotConnected(t, leaver.caller)
		wantNoTokens(t, leaver.memberID)
	})

	t.Run("a cap on the direction narrows both-ways grants", func(t *testing.T) {
		patchSettings(t, admin, ten.ID, map[string]any{"maxConsentDirection": linkedinToOrganization})
		waitForEvent(t, admin, ten.ID, "in DIRECTION_CHANGED DIRECTION_LIMITED_BY_TENANT by service:consent")
		if got := getConnection(t, in.caller); got.State != "CONNECTED" || got.Direction != linkedinToOrganization {
			t.Errorf("in's connection = %+v, want CONNECTED LINKEDIN_TO_ORGANIZATION", got)
		}
	})

	t.Run("tenant set to No disconnects everyone", func(t *testing.T) {
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "DISABLED"})
		waitForEvent(t, admin, ten.ID, "in REVOKED DISABLED_BY_TENANT by service:consent")
		wantNotConnected(t, in.caller)
		wantNoTokens(t, in.memberID)
		var report connectionReport
		admin.ok(t, "GET", tenantPath(ten.ID)+"/linkedinConnections", nil, &report)
		if report.TotalConnected != 0 {
			t.Errorf("report = %+v, want nobody connected", report)
		}
	})
}

// waitForEvent waits until the tenant's ledger holds an event that reads
// want (see eventString).
func waitForEvent(t *testing.T, admin caller, tenant, want string) {
	t.Helper()
	eventually(t, followThrough, "ledger event "+want, func() (bool, string) {
		var got []string
		for _, e := range consentEvents(t, admin, tenant) {
			if eventString(e) == want {
				return true, ""
			}
			got = append(got, eventString(e))
		}
		return false, fmt.Sprintf("%q", got)
	})
}
