package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// profileCard is a card as the gateway's JSON shows it.
type profileCard struct {
	Target    string `json:"target"`
	Directory struct {
		InDirectory bool   `json:"inDirectory"`
		User        string `json:"user"`
		Email       string `json:"email"`
		DisplayName string `json:"displayName"`
	} `json:"directory"`
	LinkedIn struct {
		State            string `json:"state"`
		Message          string `json:"message"`
		ConnectURL       string `json:"connectUrl"`
		MemberID         string `json:"memberId"`
		Headline         string `json:"headline"`
		ConnectionDegree int    `json:"connectionDegree"`
	} `json:"linkedin"`
	Provenance []struct {
		Field     string `json:"field"`
		Source    string `json:"source"`
		FetchTime string `json:"fetchTime"`
	} `json:"provenance"`
}

const myProfileCards = "/v1/me/profileCards"

// cardOf is c's card of target through the gateway.
func cardOf(t *testing.T, c caller, target string, query ...string) profileCard {
	t.Helper()
	path := myProfileCards + "/" + url.PathEscape(target)
	if len(query) > 0 {
		path += "?" + strings.Join(query, "&")
	}
	var card profileCard
	c.ok(t, "GET", path, nil, &card)
	return card
}

// TestProfileCardDoneWhen is the "Done when" through the gateway,
// in a tenant of the test's own: with the tenant on Selected group, alice
// (in it through a nested group) is asked to connect, then sees bob's
// headline; carol (not in it) sees bob's directory facts with the reason;
// a person outside the organization who hides her profile is hidden at
// once; and alice's disconnect takes the LinkedIn section away at once.
func TestProfileCardDoneWhen(t *testing.T) {
	ten, admin := newTenant(t, "US")
	alice := newLinkedInUser(t, admin, ten.ID, "alice")
	bob := newLinkedInUser(t, admin, ten.ID, "bob")
	carol := newLinkedInUser(t, admin, ten.ID, "carol")
	createGroup(t, admin, ten.ID, "pilot-core", "users/alice")
	createGroup(t, admin, ten.ID, "pilot", "groups/pilot-core")
	patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
	bobEmail := "bob@" + ten.ID + ".example.com"
	simCall(t, "PATCH", "/sim/members/"+bob.memberID, map[string]any{"headline": "Sales lead at " + ten.ID}, nil)
	simConnect(t, alice.memberID, bob.memberID)

	t.Run("before connecting, the card asks to connect", func(t *testing.T) {
		c := cardOf(t, alice.caller, bobEmail)
		if c.LinkedIn.State != "CONSENT_REQUIRED" || c.LinkedIn.ConnectURL == "" || c.LinkedIn.Headline != "" {
			t.Errorf("alice's card of bob: %s, want CONSENT_REQUIRED with a connect URL", jsonText(c.LinkedIn))
		}
		if !c.Directory.InDirectory || c.Directory.User != "bob" || c.Directory.DisplayName != "User bob" {
			t.Errorf("bob's directory section: %s", jsonText(c.Directory))
		}
	})

	connectLinkedIn(t, alice.caller, bidirectional)
	t.Run("after connecting, the card shows bob's headline", func(t *testing.T) {
		c := cardOf(t, alice.caller, bobEmail, "surface=WEB")
		if c.LinkedIn.State != "SHOWN" || c.LinkedIn.Headline != "Sales lead at "+ten.ID || c.LinkedIn.ConnectionDegree != 1 {
			t.Errorf("alice's card of bob: %s, want SHOWN with his headline at degree 1", jsonText(c.LinkedIn))
		}
		sources := map[string]string{}
		for _, p := range c.Provenance {
			sources[p.Field] = p.Source
			if p.FetchTime == "" && p.Source != "REQUEST" {
				t.Errorf("%s from %s has no fetch time", p.Field, p.Source)
			}
		}
		if sources["display_name"] != "DIRECTORY" || sources["linkedin.headline"] != "LINKEDIN" {
			t.Errorf("provenance %v", sources)
		}
		// The user id finds the same person.
		if byID := cardOf(t, alice.caller, "bob"); byID.LinkedIn.Headline != c.LinkedIn.Headline {
			t.Errorf("alice's card of the id bob: %s", jsonText(byID.LinkedIn))
		}
	})

	t.Run("a viewer outside the selected group sees the directory and why", func(t *testing.T) {
		c := cardOf(t, carol.caller, bobEmail)
		if c.LinkedIn.State != "NOT_IN_SELECTED_GROUP" || c.LinkedIn.Message == "" || c.LinkedIn.Headline != "" {
			t.Errorf("carol's card of bob: %s", jsonText(c.LinkedIn))
		}
		if c.Directory.DisplayName != "User bob" {
			t.Errorf("carol's directory section of bob: %s", jsonText(c.Directory))
		}
	})

	t.Run("a person outside who hides her profile is hidden at once", func(t *testing.T) {
		dana := simCreateProfile(t, "Dana", "Outside")
		danaEmail := simGetMember(t, dana).VerifiedEmails[0]
		if c := cardOf(t, alice.caller, danaEmail); c.LinkedIn.State != "SHOWN" || c.Directory.InDirectory {
			t.Fatalf("alice's card of dana: %s / %s, want SHOWN outside the directory", jsonText(c.LinkedIn), jsonText(c.Directory))
		}
		simCall(t, "PATCH", "/sim/members/"+dana, map[string]any{"visibleInMicrosoftApps": false}, nil)
		if c := cardOf(t, alice.caller, danaEmail); c.LinkedIn.State != "HIDDEN_BY_MEMBER" || c.LinkedIn.Headline != "" {
			t.Errorf("alice's card of dana after she hid: %s", jsonText(c.LinkedIn))
		}
		if c := cardOf(t, alice.caller, "nobody-"+ten.ID+"@nowhere.example"); c.LinkedIn.State != "NO_MATCH" {
			t.Errorf("alice's card of an unknown email: %s", jsonText(c.LinkedIn))
		}
	})

	t.Run("a batch answers in request order", func(t *testing.T) {
		var out struct {
			Cards []profileCard `json:"cards"`
		}
		alice.ok(t, "POST", myProfileCards+":batchGet", map[string]any{"targets": []string{bobEmail, "carol"}}, &out)
		if len(out.Cards) != 2 || out.Cards[0].LinkedIn.State != "SHOWN" || out.Cards[1].Directory.User != "carol" {
			t.Errorf("batch: %s", jsonText(out))
		}
	})

	t.Run("after disconnecting, the card asks to connect at once", func(t *testing.T) {
		alice.ok(t, "POST", myConnection+":disconnect", map[string]any{}, nil)
		if c := cardOf(t, alice.caller, bobEmail); c.LinkedIn.State != "CONSENT_REQUIRED" || c.LinkedIn.Headline != "" {
			t.Errorf("alice's card of bob right after disconnecting: %s", jsonText(c.LinkedIn))
		}
	})
}

// TestProfileCardBadInput: through the gateway, bad targets and surfaces
// are 400 naming the field, a batch over 100 too, and only users of a
// tenant look people up.
func TestProfileCardBadInput(t *testing.T) {
	ten, admin := newTenant(t, "US")
	u := newLinkedInUser(t, admin, ten.ID, "viewer")
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("p%d@example.com", i)
	}
	cases := []struct {
		name, method, path string
		body               any
		want               apiError
	}{
		{"a target that is not an email or an id", "GET", myProfileCards + "/" + url.PathEscape("Bob Kelly"), nil, invalidField("target")},
		{"a target too long", "GET", myProfileCards + "/" + strings.Repeat("b", 300) + "@example.com", nil, invalidField("target")},
		{"an unknown surface", "GET", myProfileCards + "/bob?surface=TV", nil, apiError{status: http.StatusBadRequest}},
		{"an empty batch", "POST", myProfileCards + ":batchGet", map[string]any{"targets": []string{}}, invalidField("targets")},
		{"a batch over 100", "POST", myProfileCards + ":batchGet", map[string]any{"targets": many}, invalidField("targets")},
		{"a bad target in a batch", "POST", myProfileCards + ":batchGet", map[string]any{"targets": []string{"ok@example.com", "not ok"}}, invalidField("targets[1]")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := u.caller.send(t, c.method, c.path, c.body)
			if resp.status != c.want.status {
				t.Fatalf("status %d, want %d; body %s", resp.status, c.want.status, resp.body)
			}
			if c.want.field != "" {
				u.caller.fails(t, c.method, c.path, c.body, c.want)
			}
		})
	}
	anonymous := caller{name: "anonymous"}
	if resp := anonymous.send(t, "GET", myProfileCards+"/bob", nil); resp.status != http.StatusUnauthorized {
		t.Errorf("no token: status %d, want 401", resp.status)
	}
}
