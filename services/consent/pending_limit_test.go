package consent_test

import (
	"context"
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// One user's started connections are capped: starting more than the cap
// replaces their oldest, and never touches another user's.
func TestOneUsersPendingStartsAreCapped(t *testing.T) {
	const kept, starts = 5, 8
	h := newHarness(t)
	bob := h.startDeclinable(h.as("contoso", "bob"))
	var alices []func() completed
	for range starts {
		alices = append(alices, h.startDeclinable(h.alice()))
	}
	for i, decline := range alices {
		got := decline()
		if i < starts-kept {
			if fieldOf(got.err) != "state" {
				t.Errorf("alice's start %d of %d, beyond the newest %d: %v, %v; want an unknown state", i+1, starts, kept, got.done, got.err)
			}
			continue
		}
		if got.err != nil || mustQuery(t, got.done.RedirectUrl).Get("linkedin") != "denied" {
			t.Errorf("alice's start %d of %d, among the newest %d: %v, %v; want it still pending", i+1, starts, kept, got.done, got.err)
		}
	}
	if got := bob(); got.err != nil {
		t.Errorf("bob's start, after alice's: %v", got.err)
	}
}

// startDeclinable starts a connection for ctx's user and returns the
// callback of the member declining it, which needs no code: it answers
// whether the state is still pending.
func (h *harness) startDeclinable(ctx context.Context) func() completed {
	h.t.Helper()
	start, browser := h.start(ctx, oneWay, redirectBase)
	state := mustQuery(h.t, start.AuthorizationUrl).Get("state")
	return func() completed {
		return h.complete(browser, &consentv1.CompleteConnectionRequest{State: state, Error: "access_denied"})
	}
}
