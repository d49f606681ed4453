package consent_test

import (
	"context"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// A callback whose state cannot be taken is an error: there is nowhere safe
// to send the browser.
func TestStatesThatCannotBeTakenAreErrors(t *testing.T) {
	h := newHarness(t)
	start, browser := h.start(h.alice(), oneWay, redirectBase)
	params := h.authorize(start.AuthorizationUrl)
	complete := &consentv1.CompleteConnectionRequest{Code: params.Get("code"), State: params.Get("state")}

	forged := &consentv1.CompleteConnectionRequest{Code: complete.Code, State: "forged-" + complete.State}
	h.wantStateRefused(browser, forged, "a forged state")
	h.wantNotConnected("alice")
	if _, err := h.consent.CompleteConnection(browser, complete); err != nil {
		t.Fatalf("the real state after a forged one: %v", err)
	}
	h.wantStateRefused(browser, complete, "a replayed state")
}

// Only the browser that started a connection can complete it, and a
// callback from another one does not use its state up: whoever sees a
// callback URL cannot cancel the connection of the person it belongs to.
func TestACallbackFromAnotherBrowserLeavesTheStateForTheRightOne(t *testing.T) {
	h := newHarness(t)
	start, browser := h.start(h.alice(), oneWay, redirectBase)
	params := h.authorize(start.AuthorizationUrl)
	complete := &consentv1.CompleteConnectionRequest{Code: params.Get("code"), State: params.Get("state")}
	for name, stranger := range map[string]context.Context{
		"no binding":    context.Background(),
		"empty binding": metadata.AppendToOutgoingContext(context.Background(), consentv1.BrowserBindingMetadata, ""),
		"wrong binding": metadata.AppendToOutgoingContext(context.Background(), consentv1.BrowserBindingMetadata, "guess"),
	} {
		h.wantStateRefused(stranger, complete, name)
		declined := &consentv1.CompleteConnectionRequest{State: complete.State, Error: "access_denied"}
		h.wantStateRefused(stranger, declined, name+", declining")
	}
	h.wantNotConnected("alice")
	done, err := h.consent.CompleteConnection(browser, complete)
	if err != nil || done.RedirectUrl != redirectBase+"?linkedin=connected" {
		t.Fatalf("alice's own browser after strangers tried her state: %v, %v", done, err)
	}
}

// A state that expired is an outcome while it is still known, and an
// unknown state once expired ones are cleaned up (at the next start).
func TestExpiredStates(t *testing.T) {
	h := newHarness(t)
	h.stopConsent()
	h.stateTTL = time.Microsecond // every state expires before its callback comes
	h.startConsent()
	start, browser := h.start(h.alice(), oneWay, redirectBase)
	first := mustQuery(t, start.AuthorizationUrl).Get("state")
	h.wantFailure(h.complete(browser, &consentv1.CompleteConnectionRequest{State: first, Code: "x"}), "expired")

	start, browser = h.start(h.alice(), oneWay, redirectBase)
	second := mustQuery(t, start.AuthorizationUrl).Get("state")
	_, _ = h.start(h.alice(), oneWay, redirectBase) // cleans the second up
	h.wantStateRefused(browser, &consentv1.CompleteConnectionRequest{State: second, Code: "x"}, "an expired state cleaned up")
	h.wantNotConnected("alice")
}

func TestDeclinedConsentRedirectsWithTheOutcome(t *testing.T) {
	h := newHarness(t)
	start, browser := h.start(h.alice(), oneWay, redirectBase+"?tab=linkedin")
	state := mustQuery(t, start.AuthorizationUrl).Get("state")
	done, err := h.consent.CompleteConnection(browser, &consentv1.CompleteConnectionRequest{State: state, Error: "access_denied"})
	if err != nil {
		t.Fatal(err)
	}
	u := mustParse(t, done.RedirectUrl)
	if u.Query().Get("linkedin") != "denied" || u.Query().Get("tab") != "linkedin" || done.ErrorReason != "" {
		t.Fatalf("redirect = %s, error reason %q", done.RedirectUrl, done.ErrorReason)
	}
	h.wantNotConnected("alice")
}

// wantStateRefused fails unless the callback is refused as a bad state.
func (h *harness) wantStateRefused(browser context.Context, req *consentv1.CompleteConnectionRequest, what string) {
	h.t.Helper()
	done, err := h.consent.CompleteConnection(browser, req)
	if status.Code(err) != codes.InvalidArgument || fieldOf(err) != "state" {
		h.t.Fatalf("%s: got %v, %v; want INVALID_ARGUMENT on state", what, done, err)
	}
}
