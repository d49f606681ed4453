package linkedinsim_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// An admin change answers once every subscriber that polled in the last
// 30 seconds has polled past its events; these tests stretch the 2-second
// limit so that an answer that did not wait would show.

const subscriberActive = 30 * time.Second

func hideDana() map[string]any { return map[string]any{"visibleInMicrosoftApps": false} }

func TestAdminChangeWaitsForEverySubscriber(t *testing.T) {
	h := newHarness(t, nil, linkedinsim.WithAcknowledgement(subscriberActive, time.Minute))
	h.events("cards", seededEvents, 0)
	h.events("search", seededEvents, 0)

	patch := h.start("hide dana", h.request("PATCH", "/sim/members/m-dana", "", hideDana()))
	got := h.events("cards", seededEvents, 10*time.Second) // answers once the change is made
	if len(got.Events) != 1 {
		t.Fatalf("cards got %+v, want dana's event", got)
	}
	if !patch.pending() {
		t.Fatal("the change answered before any subscriber acknowledged it")
	}
	h.events("cards", got.Head, 0)
	h.events("search", seededEvents, 0) // polled, but not past the event
	if !patch.pending() {
		t.Fatal("the change answered before search acknowledged it")
	}
	h.events("search", got.Head, 0)
	h.acknowledged(patch)
}

// acknowledged expects the change in progress to answer 200 with every
// subscriber having acknowledged it.
func (h *harness) acknowledged(change *exchange) {
	h.t.Helper()
	r := h.await(change, 10*time.Second)
	expect(h.t, r, http.StatusOK, change.what)
	if lag := r.header.Get("X-Sim-Unacknowledged"); lag != "" {
		h.t.Errorf("%s: X-Sim-Unacknowledged: %s, want every subscriber to have acknowledged", change.what, lag)
	}
}

func TestAdminChangeAnswersWhenASubscriberLags(t *testing.T) {
	h := newHarness(t, nil, linkedinsim.WithAcknowledgement(subscriberActive, 20*time.Millisecond))
	h.events("cards", seededEvents, 0)
	h.events("stalled", seededEvents, 0)

	patch := h.start("hide dana", h.request("PATCH", "/sim/members/m-dana", "", hideDana()))
	got := h.events("cards", seededEvents, 10*time.Second) // answers once the change is made
	h.events("cards", got.Head, 0)
	r := h.await(patch, 10*time.Second)
	expect(t, r, http.StatusOK, "hide dana")
	if lag := r.header.Get("X-Sim-Unacknowledged"); lag != "1" {
		t.Errorf("X-Sim-Unacknowledged: %q, want 1 (stalled never acknowledged)", lag)
	}

	// Calls that append no event neither wait nor say anything.
	for _, r := range []response{
		h.do("PATCH", "/sim/members/m-bob", "", map[string]any{"headline": "Sales at Contoso"}),
		h.do("GET", "/sim/members/m-dana", "", nil),
	} {
		if lag := r.header.Get("X-Sim-Unacknowledged"); lag != "" {
			t.Errorf("a call without events: X-Sim-Unacknowledged: %s", lag)
		}
	}
}

func TestQuietSubscriberIsNotWaitedFor(t *testing.T) {
	h := newHarness(t, nil, linkedinsim.WithAcknowledgement(subscriberActive, time.Minute))
	h.events("cards", seededEvents, 0)
	h.clock.advance(subscriberActive + time.Second)

	h.acknowledged(h.start("hide dana", h.request("PATCH", "/sim/members/m-dana", "", hideDana())))
}
