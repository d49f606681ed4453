package profilecard_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// A withdrawal of LinkedIn data, and how to undo it for the next round.
type withdrawal struct {
	name     string
	withdraw func(h *harness)
	restore  func(h *harness)
}

var withdrawals = []withdrawal{
	{"disconnect", func(h *harness) { h.disconnect("alice") }, func(h *harness) { h.connect("alice", bothWays) }},
	{"tenant No", func(h *harness) { h.setTenant(policyv1.LinkedInSettings_DISABLED, "") }, func(h *harness) {
		h.setTenant(policyv1.LinkedInSettings_SELECTED_GROUP, "pilot")
		h.connect("alice", bothWays) // No revoked her consent
	}},
	{"out of the selected group", func(h *harness) {
		if _, err := h.policy.RemoveGroupMember(h.admin(), &policyv1.RemoveGroupMemberRequest{Tenant: "contoso", Group: "pilot-core", Member: "users/alice"}); err != nil {
			h.t.Fatal(err)
		}
	}, func(h *harness) {
		if _, err := h.policy.AddGroupMember(h.admin(), &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "pilot-core", Member: "users/alice"}); err != nil {
			h.t.Fatal(err)
		}
		h.connect("alice", bothWays) // leaving the group revoked her consent
	}},
	{"member hides", func(h *harness) { h.sim.UpdateMember("m-bob", map[string]any{"visibleInMicrosoftApps": false}) },
		func(h *harness) { h.sim.UpdateMember("m-bob", map[string]any{"visibleInMicrosoftApps": true}) }},
}

// TestNoLookupAfterAWithdrawalShowsLinkedInData races lookups of bob by
// alice against each kind of withdrawal, many times over, and counts the
// lookups that began after the withdrawal returned yet showed LinkedIn
// data: there must be none. Lookups before it mostly hit the cache, so
// the guarantee is tested where a cache would break it.
func TestNoLookupAfterAWithdrawalShowsLinkedInData(t *testing.T) {
	h := newHarness(t)
	h.setTenant(policyv1.LinkedInSettings_SELECTED_GROUP, "pilot")
	h.connect("alice", bothWays)
	var total raceCount
	for _, w := range withdrawals {
		for round := range 12 {
			total.add(h.race(w.name, round, func() { w.withdraw(h) }))
			w.restore(h)
		}
	}
	total.check(t, len(withdrawals)*12)
}

// raceCount counts the lookups of races: those that began before the
// withdrawal returned, after it, and of those after it the ones that
// showed LinkedIn data.
type raceCount struct{ before, after, stale int64 }

func (c *raceCount) add(d raceCount) {
	c.before, c.after, c.stale = c.before+d.before, c.after+d.after, c.stale+d.stale
}

// check fails t unless no lookup after a withdrawal showed LinkedIn data,
// and the races happened (lookups on both sides of each withdrawal).
func (c raceCount) check(t *testing.T, rounds int) {
	t.Helper()
	t.Logf("%d lookups began before a withdrawal returned, %d after; %d of those showed LinkedIn data", c.before, c.after, c.stale)
	if c.stale != 0 {
		t.Fatalf("%d lookups that began after a withdrawal had returned showed LinkedIn data", c.stale)
	}
	if c.after < int64(rounds) || c.before < int64(rounds) {
		t.Fatalf("the race did not happen: %d lookups before and %d after withdrawals", c.before, c.after)
	}
}

// race waits until alice's card of bob shows LinkedIn, then looks bob up
// as alice from six goroutines while withdraw runs, and for 30 ms after.
func (h *harness) race(name string, round int, withdraw func()) raceCount {
	t := h.t
	t.Helper()
	h.eventually(name+": bob shown again", func() (bool, string) {
		st := h.state("alice", "bob@contoso.com")
		return st == shown, st.String()
	})
	var returned atomic.Int64 // Unix nanoseconds; 0 until the withdrawal returned
	var before, after, stale atomic.Int64
	ctx, cancel := context.WithCancel(h.user("alice"))
	var lookups sync.WaitGroup
	for range 6 {
		lookups.Go(func() {
			for ctx.Err() == nil {
				start := time.Now().UnixNano()
				resp, err := h.cards.GetProfileCard(ctx, &profilecardv1.GetProfileCardRequest{Target: "bob@contoso.com"})
				if err != nil {
					continue // the race ending cancels calls
				}
				done := returned.Load()
				switch {
				case done == 0 || start < done:
					before.Add(1)
				case resp.Card.Linkedin.State == shown || resp.Card.Linkedin.Headline != "":
					stale.Add(1)
					after.Add(1)
					t.Errorf("%s, round %d: a lookup %s after the withdrawal returned showed %s %q", name, round,
						time.Duration(start-done), resp.Card.Linkedin.State, resp.Card.Linkedin.Headline)
				default:
					after.Add(1)
				}
			}
		})
	}
	time.Sleep(time.Duration(round%4) * 5 * time.Millisecond) // land at different moments
	withdraw()
	returned.Store(time.Now().UnixNano())
	time.Sleep(30 * time.Millisecond)
	cancel()
	lookups.Wait()
	return raceCount{before.Load(), after.Load(), stale.Load()}
}
