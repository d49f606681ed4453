package consent_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// Once the state is taken, a failure sends the browser back to the app
// with linkedin=error and a reason, never a JSON error it cannot show; and
// a connection that failed after LinkedIn issued tokens hands them back.
func TestCallbackFailuresSendTheBrowserBack(t *testing.T) {
	h := newHarness(t)

	// Code LinkedIn refuses.
	{
		browser, complete := h.approved(h.alice(), oneWay)
		h.wantFailure(h.complete(browser, &consentv1.CompleteConnectionRequest{Code: complete.Code + "x", State: complete.State}), "code_rejected")
		h.wantStateRefused(browser, complete, "the state after a refused code")
	}

	// No code.
	{
		browser, complete := h.approved(h.alice(), oneWay)
		h.wantFailure(h.complete(browser, &consentv1.CompleteConnectionRequest{State: complete.State}), "code_rejected")
	}

	// LinkedIn answers with an error.
	{
		browser, complete := h.approved(h.alice(), oneWay)
		h.wantFailure(h.complete(browser, &consentv1.CompleteConnectionRequest{State: complete.State, Error: "invalid_scope"}), "linkedin_error")
		h.wantStateRefused(browser, complete, "the state after LinkedIn's error")
	}

	// LinkedIn says it is unavailable, then the callback is retried.
	{
		browser, complete := h.approved(h.alice(), oneWay)
		unavailable := &consentv1.CompleteConnectionRequest{State: complete.State, Error: "temporarily_unavailable"}
		h.wantFailure(h.complete(browser, unavailable), "linkedin_unavailable")
		h.wantConnected(h.complete(browser, complete))
		h.disconnect(h.alice())
	}

	// LinkedIn unreachable for the code exchange, then back.
	{
		browser, complete := h.approved(h.alice(), oneWay)
		h.setFaults(`{"errorRate":1,"paths":"/oauth/v2/accessToken"}`)
		h.wantFailure(h.complete(browser, complete), "linkedin_unavailable")
		h.wantNotConnected("alice")
		// The state was kept: the same callback works once LinkedIn is back.
		h.setFaults(`{}`)
		h.wantConnected(h.complete(browser, complete))
		h.disconnect(h.alice())
	}

	// LinkedIn unreachable for the member lookup, then back.
	{
		start, browser := h.start(h.as("contoso", "bob"), oneWay, redirectBase)
		params := h.authorize(start.AuthorizationUrl)
		h.setFaults(`{"errorRate":1,"paths":"/v2/userinfo"}`)
		h.wantFailure(h.complete(browser, &consentv1.CompleteConnectionRequest{Code: params.Get("code"), State: params.Get("state")}), "linkedin_unavailable")
		h.wantNotConnected("bob")
		h.eventually("the failed connection's tokens handed back", func() bool { return h.activeTokens("m-bob") == 0 })
		// The state was kept: the same authorization URL works again.
		h.setFaults(`{}`)
		params = h.authorize(start.AuthorizationUrl)
		h.wantConnected(h.complete(browser, &consentv1.CompleteConnectionRequest{Code: params.Get("code"), State: params.Get("state")}))
	}

	// LinkedIn account connected to another user.
	{
		h.connect(h.alice(), oneWay)
		start, browser := h.start(h.as("contoso", "carol"), oneWay, redirectBase)
		params := h.authorize(strings.Replace(start.AuthorizationUrl, "carol%40contoso.com", "alice%40contoso.com", 1))
		h.wantFailure(h.complete(browser, &consentv1.CompleteConnectionRequest{Code: params.Get("code"), State: params.Get("state")}), "account_in_use")
		h.wantNotConnected("carol")
		if got := h.direction("alice"); got != oneWay {
			t.Errorf("alice, who holds the account: direction %v, want %v", got, oneWay)
		}
	}

	// Policy denies while the user is at LinkedIn.
	{
		browser, complete := h.approved(h.as("contoso", "carol"), oneWay)
		h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
		done := h.wantFailure(h.complete(browser, complete), "policy_denied")
		if !strings.Contains(done.ErrorMessage, "turned LinkedIn account connections off") {
			t.Errorf("message %q does not give policy's reason", done.ErrorMessage)
		}
		h.wantNotConnected("carol")
		h.eventually("the refused connection's tokens handed back", func() bool { return h.activeTokens("m-carol") == 0 })
	}
}

// disconnect disconnects ctx's user.
func (h *harness) disconnect(ctx context.Context) {
	h.t.Helper()
	if _, err := h.consent.Disconnect(ctx, &consentv1.DisconnectRequest{}); err != nil {
		h.t.Fatal(err)
	}
}

// approved starts a connection for ctx's user and approves it at LinkedIn,
// returning the browser and the callback it would make.
func (h *harness) approved(ctx context.Context, direction typev1.ConsentDirection) (context.Context, *consentv1.CompleteConnectionRequest) {
	h.t.Helper()
	start, browser := h.start(ctx, direction, redirectBase)
	params := h.authorize(start.AuthorizationUrl)
	return browser, &consentv1.CompleteConnectionRequest{Code: params.Get("code"), State: params.Get("state")}
}

// completed is a callback's answer.
type completed struct {
	done *consentv1.CompleteConnectionResponse
	err  error
}

func (h *harness) complete(browser context.Context, req *consentv1.CompleteConnectionRequest) completed {
	done, err := h.consent.CompleteConnection(browser, req)
	return completed{done, err}
}

// wantConnected fails unless the callback connected.
func (h *harness) wantConnected(c completed) {
	h.t.Helper()
	if c.err != nil || c.done.RedirectUrl != redirectBase+"?linkedin=connected" {
		h.t.Fatalf("callback: %v, %v; want a redirect with linkedin=connected", c.done, c.err)
	}
}

// wantFailure fails unless the callback answered a redirect back to the
// app with linkedin=error and reason, and a message that reads as a
// sentence: capitalized, ended, with no parenthesis inside.
func (h *harness) wantFailure(c completed, reason string) *consentv1.CompleteConnectionResponse {
	h.t.Helper()
	if c.err != nil {
		h.t.Fatalf("callback failed with %v; want an answer redirecting with reason %s", c.err, reason)
	}
	want := redirectBase + "?linkedin=error&reason=" + reason
	if c.done.RedirectUrl != want || c.done.ErrorReason != reason {
		h.t.Fatalf("callback answered %q (reason %q); want %q", c.done.RedirectUrl, c.done.ErrorReason, want)
	}
	if m := c.done.ErrorMessage; m == "" || strings.ContainsAny(m, "()") || !unicode.IsUpper([]rune(m)[0]) || !strings.HasSuffix(m, ".") {
		h.t.Errorf("reason %s: message %q does not read as a sentence", reason, m)
	}
	return c.done
}
