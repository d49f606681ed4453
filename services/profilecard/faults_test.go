package profilecard_test

import (
	"net"
	"testing"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/services/linkedinsim"
	"github.com/liaisonhq/liaison/services/profilecard/app"
)

// wantUnavailable checks a card that must show no LinkedIn data because a
// dependency cannot answer, yet still has bob's directory facts when
// directory says it should.
func wantUnavailable(t *testing.T, what string, c *profilecardv1.ProfileCard, directory bool) {
	t.Helper()
	l := c.Linkedin
	if l.State != unavailableNow || l.Headline != "" || l.MemberId != "" || l.Message == "" {
		t.Errorf("%s: LinkedIn section %v, want TEMPORARILY_UNAVAILABLE with a reason and no data", what, l)
	}
	for _, p := range c.Provenance {
		if p.Source == profilecardv1.Source_LINKEDIN {
			t.Errorf("%s: the card names a LinkedIn field (%s)", what, p.Field)
		}
	}
	if directory && c.Directory.JobTitle != "Account executive" {
		t.Errorf("%s: the directory section is %v, want bob's facts", what, c.Directory)
	}
}

// TestDependenciesDownFailClosed stops or slows each dependency in turn,
// with a warm cache: no card shows LinkedIn data while one cannot answer,
// the directory section is still served when policy can answer, and the
// LinkedIn section comes back once all can.
func TestDependenciesDownFailClosed(t *testing.T) {
	h := newHarness(t, func(s *app.Settings) { s.LookupTimeout = 500 * time.Millisecond })
	h.connect("alice", bothWays)
	if got := h.state("alice", "bob@contoso.com"); got != shown {
		t.Fatalf("before the faults: %s, want SHOWN", got)
	}

	// LinkedIn slower than the lookup's time limit: the cached profile
	// stays usable (LinkedIn is not asked), a new person is not.
	h.sim.SetFaults(linkedinsim.Faults{LatencyMs: 2000})
	start := time.Now()
	c := h.card("alice", "carol@contoso.com", profilecardv1.Surface_WEB)
	wantUnavailableSection(t, "LinkedIn slow, a person not cached", c)
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("a lookup with LinkedIn slow took %s; the lookup's limit is 500ms", took)
	}
	if c.Directory.DisplayName != "Carol Diaz" {
		t.Errorf("LinkedIn slow: the directory section is %v, want carol's facts", c.Directory)
	}
	h.sim.SetFaults(linkedinsim.Faults{ErrorRate: 1})
	wantUnavailableSection(t, "LinkedIn failing, a person not cached", h.card("alice", "carol@contoso.com", profilecardv1.Surface_WEB))
	h.sim.ClearFaults()

	// Consent down: no LinkedIn data even for the cached profile.
	h.stopConsent()
	wantUnavailable(t, "consent down", h.card("alice", "bob@contoso.com", profilecardv1.Surface_WEB), true)

	// Policy down too: the directory cannot be read either, and the card
	// says so instead of failing the call.
	h.stopPolicy()
	c = h.card("alice", "bob@contoso.com", profilecardv1.Surface_WEB)
	wantUnavailable(t, "policy and consent down", c, false)
	resp, err := h.cards.BatchGetProfileCards(h.user("alice"), &profilecardv1.BatchGetProfileCardsRequest{Targets: []string{"bob@contoso.com", "dana@fabrikam.com"}})
	if err != nil {
		t.Fatalf("a batch with policy and consent down: %v", err)
	}
	for _, c := range resp.Cards {
		wantUnavailable(t, "policy and consent down, batch", c, false)
	}
}

// wantUnavailableSection is wantUnavailable for a card whose directory
// section is checked by the caller.
func wantUnavailableSection(t *testing.T, what string, c *profilecardv1.ProfileCard) {
	t.Helper()
	wantUnavailable(t, what, c, false)
}

// TestPolicyAloneDown keeps consent up and stops policy: the verdict cannot
// be made, so nothing from LinkedIn is shown.
func TestPolicyAloneDown(t *testing.T) {
	h := newHarness(t, func(s *app.Settings) { s.LookupTimeout = 500 * time.Millisecond })
	h.setTenant(policyv1.LinkedInSettings_ENABLED, "")
	h.connect("alice", bothWays)
	if got := h.state("alice", "bob@contoso.com"); got != shown {
		t.Fatalf("before: %s, want SHOWN", got)
	}
	h.stopPolicy()
	wantUnavailable(t, "policy down", h.card("alice", "bob@contoso.com", profilecardv1.Surface_WEB), false)
}

// TestConsentHangingFailsClosedInTime points profile-card at a consent
// that accepts connections and never answers: lookups end within the
// lookup's time limit, with the directory section and no LinkedIn data.
func TestConsentHangingFailsClosedInTime(t *testing.T) {
	hole, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer hole.Close()
	go func() {
		for {
			conn, err := hole.Accept()
			if err != nil {
				return
			}
			defer conn.Close() // held open, never answered
		}
	}()
	h := newHarness(t, func(s *app.Settings) {
		s.ConsentAddr = hole.Addr().String()
		s.LookupTimeout = 400 * time.Millisecond
	})
	for range 3 {
		start := time.Now()
		wantUnavailable(t, "consent hanging", h.card("alice", "bob@contoso.com", profilecardv1.Surface_WEB), true)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("a lookup with consent hanging took %s; the lookup's limit is 400ms", took)
		}
	}
}
