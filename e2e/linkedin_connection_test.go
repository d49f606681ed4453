package e2e

import (
	"encoding/csv"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestLinkedInConnection is the acceptance walk-through on the demo
// data, as curl would do it: alice connects both ways through the real
// OAuth round trip, the admin report and the ledger show it, and disconnect
// removes everything LinkedIn held for her. It is the one test that
// connects a contoso user; it leaves alice disconnected, as it found her.
func TestLinkedInConnection(t *testing.T) {
	alice := as(t, "contoso", "alice", roleUser)
	admin := as(t, "contoso", "admin", roleTenantAdmin)
	const member = "m-alice"
	lastRevision := int64(0)
	if events := consentEvents(t, admin, "contoso"); len(events) > 0 {
		lastRevision = events[0].Revision
	}
	// newEvents are the ledger entries this test caused, oldest first.
	newEvents := func(t *testing.T) []consentEvent {
		var out []consentEvent
		for _, e := range consentEvents(t, admin, "contoso") {
			if e.Revision > lastRevision {
				out = append(out, e)
			}
		}
		slices.Reverse(out)
		return out
	}
	// what is the part of an event these checks compare; the actor has a
	// check of its own.
	what := func(events []consentEvent) []string {
		var out []string
		for _, e := range events {
			out = append(out, e.User+" "+e.Kind+" "+e.Reason+" "+e.MemberID+" "+e.Direction)
		}
		return out
	}

	t.Run("alice starts not connected", func(t *testing.T) {
		wantNotConnected(t, alice)
	})

	var authorization, cb *url.URL
	t.Run("connect answers LinkedIn's authorization URL", func(t *testing.T) {
		authorization = startConnection(t, alice, bidirectional)
		q := authorization.Query()
		want := map[string]string{
			"response_type":         "code",
			"client_id":             "liaison-dev",
			"redirect_uri":          sut.gatewayURL + callbackPath,
			"login_hint":            "alice@contoso.com",
			"code_challenge_method": "S256",
		}
		for k, v := range want {
			if q.Get(k) != v {
				t.Errorf("authorization URL %s = %q, want %q", k, q.Get(k), v)
			}
		}
		if q.Get("state") == "" || q.Get("code_challenge") == "" {
			t.Errorf("authorization URL lacks state or code_challenge: %s", authorization)
		}
		// Both ways means writing the organization's contacts to LinkedIn.
		if scopes := strings.Fields(q.Get("scope")); !slices.Contains(scopes, "w_contacts_import") || !slices.Contains(scopes, "openid") {
			t.Errorf("scope = %q, want openid and w_contacts_import among them", q.Get("scope"))
		}
	})
	if authorization == nil {
		t.FailNow()
	}

	t.Run("LinkedIn sends the browser to the gateway's callback", func(t *testing.T) {
		cb = approveAtLinkedIn(t, authorization)
		if cb.Query().Get("code") == "" || cb.Query().Get("state") != authorization.Query().Get("state") {
			t.Errorf("callback URL %s, want a code and the state of the authorization URL", cb)
		}
	})
	if cb == nil {
		t.FailNow()
	}

	t.Run("the callback sends the browser back to the app, connected", func(t *testing.T) {
		wantBackToApp(t, callback(t, cb), "connected")
	})

	t.Run("alice is connected both ways", func(t *testing.T) {
		got := getConnection(t, alice)
		if got.State != "CONNECTED" || got.Direction != bidirectional || got.MemberID != member ||
			got.Tenant != "contoso" || got.User != "alice" || got.ConnectTime == "" || got.Revision == 0 {
			t.Errorf("connection = %+v, want CONNECTED BIDIRECTIONAL to m-alice with a connectTime and revision", got)
		}
		if !slices.Contains(got.SharedWithOrganization, "CONNECTIONS") || !slices.Contains(got.SharedWithLinkedin, "CONTACTS") {
			t.Errorf("shared with organization %v, with LinkedIn %v: want CONNECTIONS and CONTACTS among them",
				got.SharedWithOrganization, got.SharedWithLinkedin)
		}
	})

	t.Run("admin report lists her with counts", func(t *testing.T) {
		var report connectionReport
		admin.ok(t, "GET", tenantPath("contoso")+"/linkedinConnections", nil, &report)
		if report.TotalConnected != 1 || report.Bidirectional != 1 || report.LinkedinToOrganization != 0 {
			t.Errorf("counts total %d, both ways %d, LinkedIn to organization %d; want 1, 1, 0",
				report.TotalConnected, report.Bidirectional, report.LinkedinToOrganization)
		}
		if len(report.Connections) != 1 || report.Connections[0].User != "alice" ||
			report.Connections[0].MemberID != member || report.Connections[0].Direction != bidirectional {
			t.Errorf("connections = %+v, want alice alone, BIDIRECTIONAL to m-alice", report.Connections)
		}
	})

	t.Run("admin report as CSV", func(t *testing.T) {
		resp := admin.ok(t, "GET", tenantPath("contoso")+"/linkedinConnections?format=csv", nil, nil)
		if ct := resp.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type = %q, want text/csv", ct)
		}
		rows, err := csv.NewReader(strings.NewReader(string(resp.body))).ReadAll()
		if err != nil {
			t.Fatalf("not CSV (%v): %s", err, resp.body)
		}
		wantHeader := []string{"user", "memberId", "direction", "connectTime", "updateTime"}
		if len(rows) != 2 || !slices.Equal(rows[0], wantHeader) {
			t.Fatalf("CSV = %q, want the header %q and alice's row", rows, wantHeader)
		}
		if row := rows[1]; row[0] != "alice" || row[1] != member || row[2] != bidirectional || row[3] == "" {
			t.Errorf("alice's row = %q, want alice, m-alice, BIDIRECTIONAL, a connect time", row)
		}
	})

	t.Run("ledger shows the grant", func(t *testing.T) {
		want := []string{"alice GRANTED USER_REQUEST m-alice BIDIRECTIONAL"}
		if got := what(newEvents(t)); !slices.Equal(got, want) {
			t.Errorf("new consent events = %q, want %q", got, want)
		}
	})

	t.Run("ledger records the grant as alice's own act", func(t *testing.T) {
		// The callback carries no token, but the state binds it to alice:
		// she consented, and the ledger's actor says who did it.
		for _, e := range newEvents(t) {
			if e.Kind == "GRANTED" && e.Actor != "alice" {
				t.Errorf("GRANTED event actor = %q, want %q (the user who consented); event %+v", e.Actor, "alice", e)
			}
		}
	})

	t.Run("disconnect deletes what LinkedIn holds and revokes the grant", func(t *testing.T) {
		// The organization's contact export, as it would have run under
		// both-ways consent.
		simImportContacts(t, member,
			simContact{FirstName: "Bob", Emails: []string{"bob@contoso.com"}},
			simContact{FirstName: "Carol", Emails: []string{"carol@contoso.com"}})
		if n := simImportedContacts(t, member); n != 2 {
			t.Fatalf("LinkedIn holds %d imported contacts for m-alice before disconnect, want 2", n)
		}
		if got := simTokens(t, member); got.AccessTokens == 0 || got.RefreshTokens == 0 {
			t.Errorf("LinkedIn holds %+v for m-alice while connected, want live access and refresh tokens", got)
		}

		var receipt disconnectReceipt
		alice.ok(t, "POST", myConnection+":disconnect", map[string]any{}, &receipt)
		if receipt.MemberID != member || !receipt.GrantRevoked || !receipt.ProviderTokensRevoked ||
			receipt.ImportedContactsDeleted != 2 || receipt.Revision == 0 || len(receipt.Warnings) != 0 {
			t.Errorf("receipt = %+v, want m-alice, grant and tokens revoked, 2 contacts deleted, a revision, no warnings", receipt)
		}
		if n := simImportedContacts(t, member); n != 0 {
			t.Errorf("LinkedIn still holds %d imported contacts for m-alice", n)
		}
		wantNoTokens(t, member)
		wantNotConnected(t, alice)
	})

	t.Run("ledger shows the revocation", func(t *testing.T) {
		want := []string{
			"alice GRANTED USER_REQUEST m-alice BIDIRECTIONAL",
			"alice REVOKED USER_REQUEST m-alice CONSENT_DIRECTION_UNSPECIFIED",
		}
		events := newEvents(t)
		if got := what(events); !slices.Equal(got, want) {
			t.Errorf("new consent events = %q, want %q", got, want)
		}
		if last := events[len(events)-1]; last.Actor != "alice" || last.PreviousDirection != bidirectional {
			t.Errorf("REVOKED event = %+v, want actor alice and previous direction BIDIRECTIONAL", last)
		}
		var report connectionReport
		admin.ok(t, "GET", tenantPath("contoso")+"/linkedinConnections", nil, &report)
		if report.TotalConnected != 0 || len(report.Connections) != 0 {
			t.Errorf("report after disconnect = %+v, want nobody connected", report)
		}
	})

	t.Run("disconnecting again is a receipt of nothing", func(t *testing.T) {
		var receipt disconnectReceipt
		alice.ok(t, "POST", myConnection+":disconnect", map[string]any{}, &receipt)
		if receipt.GrantRevoked || receipt.ProviderTokensRevoked || receipt.ImportedContactsDeleted != 0 {
			t.Errorf("second disconnect receipt = %+v, want nothing revoked or deleted", receipt)
		}
	})
}
