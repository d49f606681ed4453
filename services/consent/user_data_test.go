package consent_test

import (
	"strings"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestEraseUserData: the policy service alone erases; the first phase
// disconnects at once; the second, once LinkedIn's steps are done,
// pseudonymises the ledger (every event kept), and the export of the user
// is then empty while the pseudonym's holds the events.
func TestEraseUserData(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), typev1.ConsentDirection_BIDIRECTIONAL)
	policy := h.asService("policy")
	req := &consentv1.EraseUserDataRequest{Tenant: "contoso", User: "alice", Pseudonym: "erased-1", DisconnectOnly: true}

	for name, ctx := range map[string]func() error{
		"a tenant's admin": func() error { _, err := h.consent.EraseUserData(h.admin(), req); return err },
		"another service":  func() error { _, err := h.consent.EraseUserData(h.asService("contact-sync"), req); return err },
	} {
		if err := ctx(); status.Code(err) != codes.PermissionDenied {
			t.Errorf("%s erasing: %v, want PermissionDenied", name, err)
		}
	}
	if _, err := h.consent.ExportUserData(h.admin(), &consentv1.ExportUserDataRequest{Tenant: "contoso", User: "alice"}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("a tenant's admin exporting around policy's audit: %v, want PermissionDenied", err)
	}

	before, err := h.consent.ExportUserData(policy, &consentv1.ExportUserDataRequest{Tenant: "contoso", User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if before.Connection.State != consentv1.ConnectionState_CONNECTED || !before.LinkedinTokensHeld || len(before.Events) != 1 {
		t.Fatalf("export before: %v", before)
	}
	first, err := h.consent.EraseUserData(policy, req)
	if err != nil || !first.Done || !first.Disconnected || first.Revision == 0 {
		t.Fatalf("first phase: %v, %v; want done, disconnected", first, err)
	}
	if c, _ := h.consent.GetConsent(policy, &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"}); c.GetState() != consentv1.ConnectionState_NOT_CONNECTED {
		t.Errorf("after the first phase alice is %v", c.GetState())
	}

	req.DisconnectOnly = false
	var done *consentv1.EraseUserDataResponse
	deadline := time.Now().Add(10 * time.Second)
	for {
		done, err = h.consent.EraseUserData(policy, req)
		if err != nil {
			t.Fatal(err)
		}
		if done.Done || time.Now().After(deadline) {
			break
		}
		if !strings.Contains(done.WaitingFor, "LinkedIn") {
			t.Errorf("waiting for %q, want LinkedIn's steps", done.WaitingFor)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !done.Done || done.EventsPseudonymised != 2 {
		t.Fatalf("second phase: %v; want done, the grant and the revocation pseudonymised", done)
	}
	after, err := h.consent.ExportUserData(policy, &consentv1.ExportUserDataRequest{Tenant: "contoso", User: "alice"})
	if err != nil || len(after.Events) != 0 || len(after.RemoteSteps) != 0 || after.LinkedinTokensHeld {
		t.Errorf("alice's export after the erasure: %v, %v; want nothing", after, err)
	}
	pseudonym, err := h.consent.ExportUserData(policy, &consentv1.ExportUserDataRequest{Tenant: "contoso", User: "erased-1"})
	if err != nil || len(pseudonym.Events) != 2 {
		t.Fatalf("the pseudonym's events: %v, %v", pseudonym, err)
	}
	for _, e := range pseudonym.Events {
		if e.MemberId != "" || e.User != "erased-1" {
			t.Errorf("a pseudonymised event still points at the person: %v", e)
		}
	}
	if pseudonym.Events[1].Reason != consentv1.ConsentEvent_DATA_ERASURE {
		t.Errorf("the revocation's reason %v, want DATA_ERASURE", pseudonym.Events[1].Reason)
	}
	// Idempotent: asking again changes nothing.
	again, err := h.consent.EraseUserData(policy, req)
	if err != nil || !again.Done || again.EventsPseudonymised != 0 {
		t.Errorf("again: %v, %v", again, err)
	}
}
