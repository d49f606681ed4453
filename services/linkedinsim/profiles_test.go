package linkedinsim_test

import (
	"net/http"
	"testing"
)

func TestProfileLookupByEmail(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", readScopes)

	r := h.do("GET", "/v2/people?email=bob@contoso.com", tok.AccessToken, nil)
	expect(t, r, http.StatusOK, "bob's profile")
	bob := r.json(t)
	if bob["id"] != "m-bob" || bob["headline"] != "Account executive at Contoso" ||
		bob["position"].(map[string]any)["company"] != "Contoso" || bob["publicProfileUrl"] == "" {
		t.Errorf("bob's profile: %v", bob)
	}
	// Public fields only: no contact data for someone who just looks.
	for _, private := range []string{"phones", "emails", "addresses", "interests", "verifiedEmails"} {
		if _, ok := bob[private]; ok {
			t.Errorf("the public profile shows %s", private)
		}
	}

	// Dana, outside the organization, is found too, until she hides.
	expect(t, h.do("GET", "/v2/people?email=DANA@fabrikam.com", tok.AccessToken, nil), http.StatusOK, "dana's profile")
	expect(t, h.do("PATCH", "/sim/members/m-dana", "", map[string]bool{"visibleInMicrosoftApps": false}), http.StatusOK, "hide dana")
	hidden := h.do("GET", "/v2/people?email=dana@fabrikam.com", tok.AccessToken, nil)
	expect(t, hidden, http.StatusNotFound, "hidden profile")
	if hidden.errorCode(t) != "profile_hidden" {
		t.Errorf("error %q, want profile_hidden (the card shows the reason)", hidden.errorCode(t))
	}
	unknown := h.do("GET", "/v2/people?email=nobody@nowhere.example", tok.AccessToken, nil)
	expect(t, unknown, http.StatusNotFound, "unknown email")
	if unknown.errorCode(t) != "not_found" {
		t.Errorf("error %q, want not_found", unknown.errorCode(t))
	}
	expect(t, h.do("GET", "/v2/people", tok.AccessToken, nil), http.StatusBadRequest, "no email")
}

// TestProfileLookupTellsTheDegree: the demo network has alice connected to
// bob, dana, erin and frank; erin to alice and frank; carol to bob and dana.
func TestProfileLookupTellsTheDegree(t *testing.T) {
	h := newHarness(t, nil)
	alice := h.login("alice@contoso.com", readScopes).AccessToken
	erin := h.login("erin@northwind.example", readScopes).AccessToken
	for _, tc := range []struct {
		name, token, email string
		want               float64
	}{
		{"alice looks herself up", alice, "alice@contoso.com", 0},
		{"a connection", alice, "bob@contoso.com", 1},
		{"sharing bob and dana", alice, "carol@contoso.com", 2},
		{"sharing alice", erin, "bob@contoso.com", 2},
		{"no shared connection", erin, "carol@contoso.com", 3},
		{"a member without connections", alice, "admin@contoso.com", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/v2/people?email="+tc.email, tc.token, nil)
			expect(t, r, http.StatusOK, "lookup")
			if got := r.json(t)["degree"]; got != tc.want {
				t.Errorf("degree %v, want %v", got, tc.want)
			}
		})
	}

	// The degree follows the network as it changes.
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-erin", "b": "m-carol"}), http.StatusCreated, "connect")
	if got := h.do("GET", "/v2/people?email=carol@contoso.com", erin, nil).json(t)["degree"]; got != 1.0 {
		t.Errorf("after connecting: degree %v, want 1", got)
	}
	if got := h.do("GET", "/v2/people?email=admin@contoso.com", erin, nil).json(t)["degree"]; got != 3.0 {
		t.Errorf("admin: degree %v, want 3", got)
	}
}

func TestMeShowsInterestsAndSubscriptions(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", readScopes)
	r := h.do("GET", "/v2/me", tok.AccessToken, nil)
	expect(t, r, http.StatusOK, "me")
	me := r.json(t)
	if me["id"] != "m-alice" || len(me["interests"].([]any)) == 0 || len(me["subscriptions"].([]any)) == 0 {
		t.Errorf("me: %v", me)
	}
}
