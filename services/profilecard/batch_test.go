package profilecard_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/services/profilecard"
)

// TestABatchOfAHundred looks up 100 people at once: 50 LinkedIn members
// outside the tenant (found), 49 unknown emails and bob by user id, each
// card in request order, with LinkedIn asked once per person.
func TestABatchOfAHundred(t *testing.T) {
	h := newHarness(t)
	h.connect("alice", bothWays)
	targets := []string{"bob"}
	for i := range 50 {
		email := fmt.Sprintf("member%02d@northwind.example", i)
		h.sim.Call(http.MethodPost, "/sim/members", map[string]any{
			"id": fmt.Sprintf("m-member%02d", i), "verifiedEmails": []string{email}, "firstName": "Member",
			"lastName": fmt.Sprint(i), "headline": fmt.Sprintf("Headline %d", i), "visibleInMicrosoftApps": true,
		}, http.StatusCreated, nil)
		targets = append(targets, email)
	}
	for i := range 49 {
		targets = append(targets, fmt.Sprintf("unknown%02d@northwind.example", i))
	}
	if len(targets) != profilecard.MaxBatch {
		t.Fatalf("%d targets", len(targets))
	}
	before := h.peopleCalls.Load()
	resp, err := h.cards.BatchGetProfileCards(h.user("alice"), &profilecardv1.BatchGetProfileCardsRequest{Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Cards) != len(targets) {
		t.Fatalf("%d cards for %d targets", len(resp.Cards), len(targets))
	}
	for i, c := range resp.Cards {
		var want profilecardv1.LinkedInState
		switch {
		case i == 0:
			want = shown // bob
		case i <= 50:
			want = shown
			if c.Linkedin.Headline != fmt.Sprintf("Headline %d", i-1) {
				t.Errorf("card %d (%s): headline %q", i, targets[i], c.Linkedin.Headline)
			}
		default:
			want = noMatch
		}
		if c.Target != targets[i] || c.Linkedin.State != want {
			t.Errorf("card %d: %s %s, want %s %s", i, c.Target, c.Linkedin.State, targets[i], want)
		}
	}
	if calls := h.peopleCalls.Load() - before; calls != 100 {
		t.Errorf("LinkedIn was asked %d times for 100 people", calls)
	}
	// Asked again, every answer (no-matches too) comes from memory.
	before = h.peopleCalls.Load()
	if _, err := h.cards.BatchGetProfileCards(h.user("alice"), &profilecardv1.BatchGetProfileCardsRequest{Targets: targets}); err != nil {
		t.Fatal(err)
	}
	if calls := h.peopleCalls.Load() - before; calls != 0 {
		t.Errorf("the second batch asked LinkedIn %d times, want 0", calls)
	}
}

// TestConcurrentMissesAskLinkedInOnce: many lookups of one person at once,
// with nothing cached, make one call to LinkedIn.
func TestConcurrentMissesAskLinkedInOnce(t *testing.T) {
	h := newHarness(t)
	h.connect("alice", bothWays)
	// Slow answers keep the first read in flight while the others arrive.
	h.sim.Call(http.MethodPut, "/sim/faults", map[string]any{"latencyMs": 300}, http.StatusOK, nil)
	before := h.peopleCalls.Load()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if got := h.state("alice", "dana@fabrikam.com"); got != shown {
				t.Errorf("a concurrent lookup: %s", got)
			}
		})
	}
	wg.Wait()
	if calls := h.peopleCalls.Load() - before; calls != 1 {
		t.Errorf("20 concurrent lookups asked LinkedIn %d times, want 1", calls)
	}
}
