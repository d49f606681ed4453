package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestLinkedInCallbackErrors covers the callback once its state is known:
// a failure sends the browser back to the app with linkedin=error and a
// stable reason (a JSON error page is useless to a browser), stores
// nothing, and hands back what LinkedIn issued. Only a state that cannot be
// taken stays a JSON 400: there is nowhere safe to send the browser. Each
// case has a tenant of its own.
func TestLinkedInCallbackErrors(t *testing.T) {
	t.Run("code LinkedIn refuses", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		cb := approveAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		wantBackWithError(t, callback(t, withQuery(cb, "code", cb.Query().Get("code")+"x")), "code_rejected")
		wantNothingStored(t, admin, ten.ID, u)
		// The state was used up: the user starts again.
		anonymous.fails(t, "GET", cb.RequestURI(), nil, invalidField("state"))
	})

	t.Run("LinkedIn unreachable for the code exchange, then back", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		cb := approveAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		simFailPaths(t, "/oauth/v2/accessToken")
		got := wantBackWithError(t, callback(t, cb), "linkedin_unavailable")
		if got.ErrorMessage != "LinkedIn is unavailable; start the connection again." {
			t.Errorf("message %q", got.ErrorMessage)
		}
		wantNothingStored(t, admin, ten.ID, u)
		// The state was kept: a retry of the same callback works.
		simClearFaults(t)
		wantBackToApp(t, callback(t, cb), "connected")
	})

	t.Run("LinkedIn unreachable for the member lookup, then back", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		authorization := startConnection(t, u.caller, bidirectional)
		cb := approveAtLinkedIn(t, authorization)
		simFailPaths(t, "/v2/userinfo")
		wantBackWithError(t, callback(t, cb), "linkedin_unavailable")
		// The tokens the exchange got are handed back from the job queue.
		wantNothingStored(t, admin, ten.ID, u)
		// The state was kept: the same authorization URL works again.
		simClearFaults(t)
		wantBackToApp(t, callback(t, approveAtLinkedIn(t, authorization)), "connected")
	})

	t.Run("policy changes while the user is at LinkedIn", func(t *testing.T) {
		ten, admin, u := connectFixture(t)
		cb := approveAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "DISABLED"})
		got := wantBackWithError(t, callback(t, cb), "policy_denied")
		if !strings.Contains(got.ErrorMessage, "turned LinkedIn account connections off") {
			t.Errorf("message %q does not give policy's reason", got.ErrorMessage)
		}
		wantNothingStored(t, admin, ten.ID, u)
	})

	t.Run("LinkedIn account already connected to another user", func(t *testing.T) {
		// One member who verified both users' emails: the second user's
		// login_hint leads LinkedIn to the account the first connected.
		ten, admin := newTenant(t, "US")
		createUsers(t, admin, ten.ID, "first", "second")
		member := simCreateMember(t, "first@"+ten.ID+".example.com", "Shared")
		simCall(t, "PATCH", "/sim/members/"+member, map[string]any{
			"verifiedEmails": []string{"first@" + ten.ID + ".example.com", "second@" + ten.ID + ".example.com"},
		}, nil)
		first := as(t, ten.ID, "first", roleUser)
		second := as(t, ten.ID, "second", roleUser)
		before := connectLinkedIn(t, first, bidirectional)
		tokens := simTokens(t, member)

		cb := approveAtLinkedIn(t, startConnection(t, second, bidirectional))
		wantBackWithError(t, callback(t, cb), "account_in_use")
		wantNotConnected(t, second)
		if got := getConnection(t, first); got.State != "CONNECTED" || got.Revision != before.Revision {
			t.Errorf("first's connection = %+v, want it unchanged: %+v", got, before)
		}
		if got := eventKinds(consentEvents(t, admin, ten.ID)); !slices.Equal(got, []string{"GRANTED"}) {
			t.Errorf("ledger = %q, want first's GRANTED alone", got)
		}
		// The second grant is handed back; the first one's tokens live on.
		eventually(t, followThrough, "the second grant's tokens revoked at LinkedIn", func() (bool, string) {
			got := simTokens(t, member)
			return got == tokens, "LinkedIn holds " + jsonText(got)
		})
	})

	t.Run("callback from another browser leaves the state for the user", func(t *testing.T) {
		// The user's callback URL reached someone else, whose browser
		// lacks the binding cookie: refused, and the user can still finish.
		ten, admin, u := connectFixture(t)
		cb := approveAtLinkedIn(t, startConnection(t, u.caller, bidirectional))
		stranger := anonymous
		stranger.otherBrowser = true
		for _, attempt := range []string{cb.RequestURI(), withQuery(cb, "error", "access_denied").RequestURI()} {
			stranger.fails(t, "GET", attempt, nil, invalidField("state"))
		}
		wantNothingStored(t, admin, ten.ID, u)
		wantBackToApp(t, callback(t, cb), "connected")
	})

	t.Run("a user's pending starts are capped, the oldest replaced", func(t *testing.T) {
		_, _, u := connectFixture(t)
		const starts, kept = 7, 5
		var callbacks []string
		for range starts {
			callbacks = append(callbacks, approveAtLinkedIn(t, startConnection(t, u.caller, linkedinToOrganization)).RequestURI())
		}
		for _, cb := range callbacks[:starts-kept] {
			anonymous.fails(t, "GET", cb, nil, invalidField("state"))
		}
		wantBackToApp(t, anonymous.send(t, "GET", callbacks[starts-1], nil), "connected")
	})
}

// callbackAnswer is the JSON body the gateway writes beside its 302.
type callbackAnswer struct {
	RedirectURL  string `json:"redirectUrl"`
	ErrorReason  string `json:"errorReason"`
	ErrorMessage string `json:"errorMessage"`
}

// wantBackWithError checks the callback sends the browser back to the app
// with linkedin=error and reason, and that its message reads as a sentence
// with no parenthesis inside.
func wantBackWithError(t *testing.T, resp response, reason string) callbackAnswer {
	t.Helper()
	want := doneURL() + "?linkedin=error&reason=" + reason
	if resp.status != http.StatusFound || resp.header.Get("Location") != want {
		t.Fatalf("callback answered %d to %q, want 302 to %q; body: %s", resp.status, resp.header.Get("Location"), want, resp.body)
	}
	var got callbackAnswer
	if err := json.Unmarshal(resp.body, &got); err != nil {
		t.Fatalf("callback body is not the JSON answer (%v): %s", err, resp.body)
	}
	if got.ErrorReason != reason || got.ErrorMessage == "" || strings.ContainsAny(got.ErrorMessage, "()") {
		t.Errorf("callback answer %+v, want reason %s and a message with no parenthesis", got, reason)
	}
	return got
}

// jsonText is v as JSON, for failure messages.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
