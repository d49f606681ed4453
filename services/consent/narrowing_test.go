package consent_test

import (
	"context"
	"strings"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// Narrowing from both ways to LinkedIn -> organization only deletes
// LinkedIn's copy of the organization's contacts (seed 004, issue 8), from
// the queue, with the link's own tokens: alice stays connected, her tokens
// are neither revoked nor taken off the link, and she can widen again.
func TestNarrowingDeletesTheContactsLinkedInImported(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	token := h.providerToken(h.asService("contact-sync"), "alice")
	h.importContacts("m-alice", "bob@contoso.com", "carol@contoso.com")
	active := h.activeTokens("m-alice")

	narrowed, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay})
	if err != nil || narrowed.Connection.Direction != oneWay || narrowed.Connection.State != consentv1.ConnectionState_CONNECTED {
		t.Fatalf("narrowing: %v, %v", narrowed, err)
	}
	for _, step := range narrowed.Connection.PendingRemoteSteps {
		if step.Kind != consentv1.RemoteStep_DELETE_IMPORTED_CONTACTS {
			t.Fatalf("a narrowing shows the step %v", step)
		}
	}
	h.eventually("LinkedIn's copy deleted", func() bool { return h.importedContacts("m-alice") == 0 })
	h.eventually("no step pending", func() bool { return len(h.myConnection(h.alice()).PendingRemoteSteps) == 0 })
	h.wantStillConnected(token.AccessToken, active)

	// Widening again works at once: the grant and its tokens are intact.
	widened, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: both})
	if err != nil || widened.Connection.Direction != both || len(widened.Connection.PendingRemoteSteps) != 0 {
		t.Fatalf("widening again: %v, %v", widened, err)
	}
	// The organization exports again; the next narrowing deletes that too.
	h.importContacts("m-alice", "dave@contoso.com")
	if _, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay}); err != nil {
		t.Fatal(err)
	}
	h.eventually("the second copy deleted", func() bool { return h.importedContacts("m-alice") == 0 })
	h.wantStillConnected(token.AccessToken, active)

	for _, e := range h.events("contoso")[:3] {
		if e.Kind != consentv1.ConsentEvent_DIRECTION_CHANGED || e.Reason != consentv1.ConsentEvent_USER_REQUEST {
			t.Errorf("event %v", e)
		}
	}
}

// A tenant that stops allowing sharing with LinkedIn narrows its users, and
// their contacts at LinkedIn go the same way.
func TestNarrowingByPolicyDeletesTheContactsLinkedInImported(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	token := h.providerToken(h.asService("contact-sync"), "alice")
	h.importContacts("m-alice", "bob@contoso.com", "carol@contoso.com")
	active := h.activeTokens("m-alice")

	h.setLinkedIn(&policyv1.LinkedInSettings{MaxConsentDirection: oneWay}, "max_consent_direction")
	h.eventually("alice narrowed", func() bool { return h.direction("alice") == oneWay })
	h.eventually("LinkedIn's copy deleted", func() bool { return h.importedContacts("m-alice") == 0 })
	h.eventually("no step pending", func() bool { return len(h.myConnection(h.alice()).PendingRemoteSteps) == 0 })
	h.wantStillConnected(token.AccessToken, active)

	e := h.events("contoso")[0]
	if e.Kind != consentv1.ConsentEvent_DIRECTION_CHANGED || e.Reason != consentv1.ConsentEvent_DIRECTION_LIMITED_BY_TENANT || e.Actor != "service:consent" {
		t.Fatalf("event %v", e)
	}
}

// While LinkedIn fails, a narrowing still takes effect at once; the
// deletion is shown PENDING and retried until LinkedIn is back.
func TestNarrowingWhileLinkedInFails(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	h.connect(h.as("contoso", "bob"), both)
	token := h.providerToken(h.asService("contact-sync"), "alice")
	h.importContacts("m-alice", "bob@contoso.com", "carol@contoso.com")
	h.importContacts("m-bob", "alice@contoso.com")
	active := h.activeTokens("m-alice")

	// LinkedIn answers slowly, and with errors: a narrowing that waited for
	// it would take seconds.
	h.setFaults(`{"errorRate":1,"latencyMs":3000}`)
	begin := time.Now()
	narrowed, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay})
	if err != nil || narrowed.Connection.Direction != oneWay {
		t.Fatalf("narrowing while LinkedIn fails: %v, %v", narrowed, err)
	}
	if took := time.Since(begin); took > 1500*time.Millisecond {
		t.Errorf("the narrowing took %s: it must not wait for LinkedIn", took)
	}
	h.setFaults(`{"errorRate":1}`) // failing fast from now on, so the retries come quickly
	if steps := narrowed.Connection.PendingRemoteSteps; len(steps) != 1 || steps[0].Kind != consentv1.RemoteStep_DELETE_IMPORTED_CONTACTS ||
		steps[0].State != consentv1.RemoteStep_PENDING {
		t.Fatalf("the narrowing shows the steps %v, want the deletion PENDING", steps)
	}
	// Policy narrows bob meanwhile: his deletion waits for LinkedIn too.
	h.setLinkedIn(&policyv1.LinkedInSettings{MaxConsentDirection: oneWay}, "max_consent_direction")
	h.eventually("bob narrowed", func() bool { return h.direction("bob") == oneWay })

	h.eventually("the deletion retried", func() bool {
		steps := h.myConnection(h.alice()).PendingRemoteSteps
		return len(steps) == 1 && steps[0].State == consentv1.RemoteStep_PENDING && steps[0].Attempts >= 2 &&
			strings.Contains(steps[0].LastError, "unavailable")
	})
	if n := h.importedContacts("m-alice"); n != 2 {
		t.Fatalf("%d contacts at LinkedIn while it fails, want the 2 imported", n)
	}
	h.eventually("bob's deletion retried", func() bool {
		steps := h.myConnection(h.as("contoso", "bob")).PendingRemoteSteps
		return len(steps) == 1 && steps[0].Attempts >= 2
	})

	h.setFaults(`{}`)
	h.eventually("alice's copy deleted once LinkedIn is back", func() bool { return h.importedContacts("m-alice") == 0 })
	h.eventually("bob's copy deleted once LinkedIn is back", func() bool { return h.importedContacts("m-bob") == 0 })
	h.eventually("no step pending", func() bool { return len(h.myConnection(h.alice()).PendingRemoteSteps) == 0 })
	h.wantStillConnected(token.AccessToken, active)
	if me := h.myConnection(h.as("contoso", "bob")); me.State != consentv1.ConnectionState_CONNECTED || len(me.PendingRemoteSteps) != 0 {
		t.Fatalf("bob after the deletion: %v", me)
	}
}

// An access token LinkedIn refuses (it expired) is refreshed during the
// deletion, and the refreshed tokens go on the link: nothing is revoked,
// and the connection keeps working tokens.
func TestRefreshDuringTheDeletionKeepsTheLinksTokens(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	contactSync := h.asService("contact-sync")
	first := h.providerToken(contactSync, "alice")
	h.importContacts("m-alice", "bob@contoso.com")
	h.network.refuseAccess(first.AccessToken)
	issued := h.issuedAccessTokens()

	if _, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay}); err != nil {
		t.Fatal(err)
	}
	h.eventually("LinkedIn's copy deleted", func() bool { return h.importedContacts("m-alice") == 0 })
	h.eventually("no step pending", func() bool { return len(h.myConnection(h.alice()).PendingRemoteSteps) == 0 })
	if n := h.issuedAccessTokens() - issued; n != 1 {
		t.Fatalf("LinkedIn issued %d access tokens, want the deletion's one refresh", n)
	}
	now := h.providerToken(contactSync, "alice")
	if now.AccessToken == first.AccessToken || h.memberOf(now.AccessToken) != "m-alice" || now.Direction != oneWay {
		t.Fatalf("after the deletion's refresh: a new token %t, speaking for %q, direction %v",
			now.AccessToken != first.AccessToken, h.memberOf(now.AccessToken), now.Direction)
	}
	if n := h.issuedAccessTokens() - issued; n != 1 {
		t.Fatalf("the link's token was refreshed again (%d issued): the deletion's refresh did not reach the link", n)
	}
	if n := h.activeTokens("m-alice"); n == 0 {
		t.Fatal("the deletion revoked alice's tokens")
	}
	// The refresh token on the link still works.
	h.expireToken("alice")
	if again := h.providerToken(contactSync, "alice"); h.memberOf(again.AccessToken) != "m-alice" {
		t.Fatal("refreshing the link's token after the deletion failed")
	}
	widened, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: both})
	if err != nil || widened.Connection.Direction != both {
		t.Fatalf("widening again: %v, %v", widened, err)
	}
}

// Authorizing the same account again for one way only narrows too.
func TestReauthorizingOneWayDeletesTheContactsLinkedInImported(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	h.importContacts("m-alice", "bob@contoso.com")
	h.connect(h.alice(), oneWay)
	h.eventually("LinkedIn's copy deleted", func() bool { return h.importedContacts("m-alice") == 0 })
	h.eventually("no step pending", func() bool { return len(h.myConnection(h.alice()).PendingRemoteSteps) == 0 })
	me := h.myConnection(h.alice())
	if me.State != consentv1.ConnectionState_CONNECTED || me.Direction != oneWay || me.MemberId != "m-alice" {
		t.Fatalf("after authorizing one way: %v", me)
	}
	if token := h.providerToken(h.asService("contact-sync"), "alice"); h.memberOf(token.AccessToken) != "m-alice" {
		t.Fatal("the new grant's token does not work")
	}
}

// --- helpers ---

func (h *harness) myConnection(ctx context.Context) *consentv1.Connection {
	h.t.Helper()
	me, err := h.consent.GetMyConnection(ctx, &consentv1.GetMyConnectionRequest{})
	if err != nil {
		h.t.Fatalf("GetMyConnection: %v", err)
	}
	return me.Connection
}

// wantStillConnected checks that alice is still connected one way, with
// no tokens revoked at LinkedIn (there are at least active of them), and
// that her token still works there unless LinkedIn was made to refuse it.
func (h *harness) wantStillConnected(access string, active int) {
	h.t.Helper()
	me := h.myConnection(h.alice())
	if me.State != consentv1.ConnectionState_CONNECTED || me.Direction != oneWay || me.MemberId != "m-alice" {
		h.t.Fatalf("alice after narrowing: %v", me)
	}
	if n := h.activeTokens("m-alice"); n < active {
		h.t.Fatalf("alice has %d tokens at LinkedIn, down from %d: the narrowing revoked some", n, active)
	}
	if member := h.memberOf(access); member != "m-alice" {
		h.t.Fatalf("alice's access token speaks for %q at LinkedIn after narrowing", member)
	}
	if token := h.providerToken(h.asService("contact-sync"), "alice"); token.AccessToken != access {
		h.t.Fatal("the link's access token changed without a refresh")
	}
}
