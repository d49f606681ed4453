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
