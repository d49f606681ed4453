package consent_test

import (
	"context"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// A user who changes their connection while the policy follower is asking
// policy about a change is judged again as they are now: the tenant's No
// still revokes them. (Before, their verdict was dropped as out of date
// and the change counted as handled, so they stayed connected.)
func TestAConnectionChangedWhilePolicyIsAppliedIsJudgedAgain(t *testing.T) {
	hook := consent.HookAfterJudging(t)
	h := newHarness(t)
	h.connect(h.alice(), both)

	hook.Arm(func(context.Context) {
		_, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay})
		if err != nil {
			t.Errorf("alice narrowing while the follower judges: %v", err)
		}
	})
	h.setLinkedIn(&policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED}, "mode")
	h.eventually("the follower judged the change", hook.Fired)
	h.eventually("alice revoked", func() bool { return h.direction("alice") == unconnected })
}

// A connection whose policy check passed before the tenant said No, but
// which would commit after the follower handled the No, asks policy again
// and is refused; its tokens go back to LinkedIn. (Before, it committed
// and stayed connected: the follower had judged without it.)
func TestAConnectionCheckedBeforeATenantsNoIsRefused(t *testing.T) {
	hook := consent.HookAfterPolicyCheck(t)
	h := newHarness(t)
	h.connect(h.alice(), oneWay)
	browser, callback := h.approved(h.as("contoso", "carol"), oneWay)

	// Runs in the service's goroutine: it reports with Errorf, not Fatal.
	hook.Arm(func(context.Context) {
		_, err := h.policy.UpdateLinkedInSettings(h.admin(), &policyv1.UpdateLinkedInSettingsRequest{
			Tenant: "contoso", Settings: &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode"}},
		})
		if err != nil {
			t.Errorf("tenant No: %v", err)
			return
		}
		// Wait for the follower to handle the No: it revokes alice.
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			r, err := h.consent.GetConsent(h.serviceContext(), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
			if err == nil && r.Direction == unconnected {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("the follower did not handle the tenant's No within 10s: %v, %v", r, err)
				return
			}
		}
	})
	answer := h.complete(browser, callback)
	if !hook.Fired() {
		t.Fatal("the callback made no policy check")
	}
	h.wantFailure(answer, "policy_denied")
	h.wantNotConnected("carol")
	h.eventually("carol's tokens handed back", func() bool { return h.activeTokens("m-carol") == 0 })
}

// unconnected is the direction of a user without a connection.
const unconnected = typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED
