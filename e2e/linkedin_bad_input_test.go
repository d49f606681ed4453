package e2e

import (
	"crypto/rand"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestLinkedInConnectBadInput covers the connect flow's refusals: each must
// answer the contract's error and store nothing, neither a connection nor a
// ledger event, and leave LinkedIn holding no token. Each case has a tenant
// of its own. Failures of a callback whose state is known are answers that
// send the browser back: TestLinkedInCallbackErrors.
func TestLinkedInConnectBadInput(t *testing.T) {
	t.Run("forged state", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		cb := approveAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		anonymous.fails(t, "GET", withQuery(cb, "state", rand.Text()).RequestURI(), nil, invalidField("state"))
		wantNothingStored(t, admin, ten.ID, u)
	})

	t.Run("no state", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		cb := approveAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		anonymous.fails(t, "GET", withQuery(cb, "state", "").RequestURI(), nil, invalidField("state"))
		wantNothingStored(t, admin, ten.ID, u)
	})

	t.Run("replayed state", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		cb := approveAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		wantBackToApp(t, callback(t, cb), "connected")
		first := getConnection(t, u.caller)

		anonymous.fails(t, "GET", cb.RequestURI(), nil, invalidField("state"))
		if got := getConnection(t, u.caller); got.State != "CONNECTED" || got.Revision != first.Revision {
			t.Errorf("connection after the replay = %+v, want the first one unchanged: %+v", got, first)
		}
		if got := eventKinds(consentEvents(t, admin, ten.ID)); !slices.Equal(got, []string{"GRANTED"}) {
			t.Errorf("ledger after the replay = %q, want the one GRANTED", got)
		}
	})

	t.Run("member declines at LinkedIn", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		cb := declineAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		if cb.Query().Get("error") != "access_denied" {
			t.Fatalf("callback URL %s, want error=access_denied", cb)
		}
		wantBackToApp(t, callback(t, cb), "denied")
		wantNothingStored(t, admin, ten.ID, u)
	})

	t.Run("tenant set to No", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "DISABLED"})
		for _, direction := range []string{bidirectional, linkedinToOrganization} {
			u.fails(t, "POST", myConnection+":connect", map[string]any{"direction": direction, "redirectUri": doneURL()},
				policyDenied("DISABLED_BY_TENANT"))
		}
		wantNothingStored(t, admin, ten.ID, u)
	})

	t.Run("tenant caps consent at LinkedIn to organization", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		patchSettings(t, admin, ten.ID, map[string]any{"maxConsentDirection": linkedinToOrganization})
		u.fails(t, "POST", myConnection+":connect", map[string]any{"direction": bidirectional, "redirectUri": doneURL()},
			policyDenied("DIRECTION_LIMITED_BY_TENANT"))
		wantNothingStored(t, admin, ten.ID, u)
		// The direction the tenant allows still starts, asking LinkedIn
		// for nothing the organization would write.
		authorization := startConnection(t, u.caller, linkedinToOrganization)
		if scope := authorization.Query().Get("scope"); strings.Contains(scope, "w_contacts_import") {
			t.Errorf("scope %q asks to write contacts for a LinkedIn-to-organization connection", scope)
		}
	})

	t.Run("user outside the selected group", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		createGroup(t, admin, ten.ID, "pilot")
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
		u.fails(t, "POST", myConnection+":connect", map[string]any{"direction": bidirectional, "redirectUri": doneURL()},
			policyDenied("NOT_IN_SELECTED_GROUP"))
		wantNothingStored(t, admin, ten.ID, u)
	})

	t.Run("redirectUri outside the allowed origins", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		gateway, err := url.Parse(sut.gatewayURL)
		if err != nil {
			t.Fatal(err)
		}
		for name, redirect := range map[string]string{
			"another port":                   "http://127.0.0.1:1/done",
			"another host":                   "http://evil.example/done",
			"the allowed origin as a prefix": "http://" + gateway.Host + ".evil.example/done",
			"user info before the host":      "http://" + gateway.Host + "@evil.example/done",
			"another scheme":                 "javascript://" + gateway.Host + "/%0aalert(1)",
			"a relative URI":                 "/done",
			"none":                           "",
		} {
			t.Run(name, func(t *testing.T) {
				u.fails(t, "POST", myConnection+":connect", map[string]any{"direction": bidirectional, "redirectUri": redirect},
					invalidField("redirect_uri"))
			})
		}
		wantNothingStored(t, admin, ten.ID, u)
	})
}

// connectFixture is a tenant of the test's own, its admin, and a user with a
// LinkedIn account who is allowed to connect.
func connectFixture(t *testing.T) (tenant, caller, linkedinUser) {
	t.Helper()
	ten, admin := newTenant(t, "US")
	return ten, admin, newLinkedInUser(t, admin, ten.ID, "ann")
}

// wantNothingStored fails unless u is not connected, the tenant's ledger and
// report are empty, and LinkedIn holds no token for u's account.
func wantNothingStored(t *testing.T, admin caller, tenant string, u linkedinUser) {
	t.Helper()
	wantNotConnected(t, u.caller)
	if events := consentEvents(t, admin, tenant); len(events) != 0 {
		t.Errorf("ledger holds %q, want no events", eventKinds(events))
	}
	var report connectionReport
	admin.ok(t, "GET", tenantPath(tenant)+"/linkedinConnections", nil, &report)
	if report.TotalConnected != 0 || len(report.Connections) != 0 {
		t.Errorf("report = %+v, want nobody connected", report)
	}
	wantNoTokens(t, u.memberID)
}

// eventKinds lists the kinds of events, in the order given.
func eventKinds(events []consentEvent) []string {
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}
