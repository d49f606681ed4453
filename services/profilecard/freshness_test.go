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
	const rounds = 12
	var stale, after, before atomic.Int64
	for _, w := range withdrawals {
		for round := range rounds {
			h.eventually(w.name+": bob shown again", func() (bool, string) {
				st := h.state("alice", "bob@contoso.com")
				return st == shown, st.String()
			})
			var returned atomic.Int64 // Unix nanoseconds; 0 until the withdrawal returned
			ctx, cancel := context.WithCancel(h.user("alice"))
			var lookups sync.WaitGroup
			for range 6 {
				lookups.Go(func() {
					for ctx.Err() == nil {
						start := time.Now().UnixNano()
						resp, err := h.cards.GetProfileCard(ctx, &profilecardv1.GetProfileCardRequest{Target: "bob@contoso.com"})
						if err != nil {
							continue // the test ending cancels calls
						}
						done := returned.Load()
						switch {
						case done == 0 || start < done:
							before.Add(1)
						case resp.Card.Linkedin.State == shown || resp.Card.Linkedin.Headline != "":
							stale.Add(1)
							after.Add(1)
							t.Errorf("%s, round %d: a lookup %s after the withdrawal returned showed %s %q", w.name, round,
								time.Duration(start-done), resp.Card.Linkedin.State, resp.Card.Linkedin.Headline)
						default:
							after.Add(1)
						}
					}
				})
			}
			time.Sleep(time.Duration(round%4) * 5 * time.Millisecond) // land at different moments
			w.withdraw(h)
			returned.Store(time.Now().UnixNano())
			time.Sleep(30 * time.Millisecond)
			cancel()
			lookups.Wait()
			w.restore(h)
		}
	}
	t.Logf("%d lookups began before a withdrawal returned, %d after; %d of those showed LinkedIn data", before.Load(), after.Load(), stale.Load())
	if stale.Load() != 0 {
		t.Fatalf("%d lookups that began after a withdrawal had returned showed LinkedIn data", stale.Load())
	}
	if after.Load() < int64(len(withdrawals)*rounds) || before.Load() < int64(len(withdrawals)*rounds) {
		t.Fatalf("the race did not happen: %d lookups before and %d after withdrawals", before.Load(), after.Load())
	}
}
