package profilecard_test

import (
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

const (
	shown           = profilecardv1.LinkedInState_SHOWN
	consentRequired = profilecardv1.LinkedInState_CONSENT_REQUIRED
	hidden          = profilecardv1.LinkedInState_HIDDEN_BY_MEMBER
	noMatch         = profilecardv1.LinkedInState_NO_MATCH
	notInGroup      = profilecardv1.LinkedInState_NOT_IN_SELECTED_GROUP
	unavailableNow  = profilecardv1.LinkedInState_TEMPORARILY_UNAVAILABLE
	bothWays        = typev1.ConsentDirection_BIDIRECTIONAL
	oneWay          = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
)

// TestTheScenario walks the "done when" through the API: the
// card asks to connect, then shows LinkedIn; a viewer outside the selected
// group sees only the directory, with the reason; a member who hides is
// hidden at once, and a disconnect takes the LinkedIn section away at once.
func TestTheScenario(t *testing.T) {
	h := newHarness(t)
	h.setTenant(policyv1.LinkedInSettings_SELECTED_GROUP, "pilot")

	c := h.card("alice", "bob@contoso.com", profilecardv1.Surface_WEB)
	if c.Linkedin.State != consentRequired || c.Linkedin.ConnectUrl == "" {
		t.Fatalf("alice's card of bob before connecting: %v, want CONSENT_REQUIRED with a connect URL", c.Linkedin)
	}
	if !c.Directory.InDirectory || c.Directory.User != "bob" || c.Directory.JobTitle != "Account executive" {
		t.Fatalf("the directory section of bob: %v", c.Directory)
	}
	if src := sourceOf(c, "job_title"); src != profilecardv1.Source_DIRECTORY {
		t.Errorf("job_title comes from %s, want DIRECTORY", src)
	}

	h.connect("alice", bothWays)
	c = h.card("alice", "bob@contoso.com", profilecardv1.Surface_WEB)
	bob := h.sim.Member("m-bob")
	if c.Linkedin.State != shown || c.Linkedin.Headline != bob.Headline || c.Linkedin.ConnectionDegree != 1 {
		t.Fatalf("alice's card of bob after connecting: %v, want SHOWN with %q at degree 1", c.Linkedin, bob.Headline)
	}
	if p := provenanceOf(c, "linkedin.headline"); p == nil || p.Source != profilecardv1.Source_LINKEDIN || p.FetchTime == nil {
		t.Errorf("the headline's provenance: %v, want LINKEDIN with a fetch time", p)
	}

	c = h.card("carol", "bob@contoso.com", profilecardv1.Surface_WEB)
	if c.Linkedin.State != notInGroup || c.Linkedin.Message == "" || c.Linkedin.Headline != "" {
		t.Fatalf("carol's card of bob: %v, want NOT_IN_SELECTED_GROUP with a reason and no LinkedIn data", c.Linkedin)
	}
	if c.Directory.DisplayName != "Bob Kelly" {
		t.Errorf("carol still sees bob's directory facts: %v", c.Directory)
	}

	// Dana is outside the organization: first shown (and cached), then
	// hidden by her own choice.
	if got := h.state("alice", "dana@fabrikam.com"); got != shown {
		t.Fatalf("alice's card of dana: %s, want SHOWN", got)
	}
	h.sim.UpdateMember("m-dana", map[string]any{"visibleInMicrosoftApps": false})
	c = h.card("alice", "dana@fabrikam.com", profilecardv1.Surface_WEB)
	if c.Linkedin.State != hidden || c.Linkedin.Headline != "" {
		t.Fatalf("alice's card of dana after she hid: %v, want HIDDEN_BY_MEMBER", c.Linkedin)
	}
	if c.Directory.InDirectory || c.Directory.Email != "dana@fabrikam.com" {
		t.Errorf("dana's directory section: %v, want her email only", c.Directory)
	}

	h.disconnect("alice")
	if got := h.state("alice", "bob@contoso.com"); got != consentRequired {
		t.Fatalf("alice's card of bob right after disconnecting: %s, want CONSENT_REQUIRED", got)
	}
}

// sourceOf is where the card says field came from.
func sourceOf(c *profilecardv1.ProfileCard, field string) profilecardv1.Source {
	if p := provenanceOf(c, field); p != nil {
		return p.Source
	}
	return profilecardv1.Source_SOURCE_UNSPECIFIED
}

func provenanceOf(c *profilecardv1.ProfileCard, field string) *profilecardv1.Provenance {
	for _, p := range c.Provenance {
		if p.Field == field {
			return p
		}
	}
	return nil
}
