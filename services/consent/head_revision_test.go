package consent_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/service/servicetest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestGetHeadRevisionFollowsTheLedger: a service that follows consent in
// memory asks for the head as a read barrier; it moves with every event,
// and only services and operators may ask.
func TestGetHeadRevisionFollowsTheLedger(t *testing.T) {
	h := newHarness(t)
	service := h.asService("profile-card")
	before, err := h.consent.GetHeadRevision(service, &consentv1.GetHeadRevisionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h.connect(h.alice(), both)
	after, err := h.consent.GetHeadRevision(service, &consentv1.GetHeadRevisionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	consent, err := h.consent.GetConsent(service, &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if after.Revision <= before.Revision || after.Revision < consent.Revision {
		t.Errorf("head %d after connecting (was %d; the consent answer reflects %d)", after.Revision, before.Revision, consent.Revision)
	}
	for name, ctx := range map[string]context.Context{"a user": h.alice(), "a tenant admin": h.admin()} {
		if _, err := h.consent.GetHeadRevision(ctx, &consentv1.GetHeadRevisionRequest{}); status.Code(err) != codes.PermissionDenied {
			t.Errorf("%s: %v, want PermissionDenied", name, err)
		}
	}
}

// TestGetConsentNamesTheRevisionItsReplicaApplied: an answer kept from
// before later changes of others still names the revision the replica has
// applied, so a caller that keeps answers by revision can keep it.
func TestGetConsentNamesTheRevisionItsReplicaApplied(t *testing.T) {
	h := newHarness(t)
	service := h.asService("profile-card")
	h.connect(h.alice(), both)
	ask := func() *consentv1.GetConsentResponse {
		resp, err := h.consent.GetConsent(service, &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	first := ask() // kept by consent from here
	h.connect(h.as("contoso", "bob"), both)
	head, err := h.consent.GetHeadRevision(service, &consentv1.GetHeadRevisionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var again *consentv1.GetConsentResponse
	servicetest.Eventually(t, 10*time.Second, "the answer names the applied revision", func() (bool, string) {
		again = ask()
		return again.Revision >= head.Revision, fmt.Sprintf("revision %d, head %d", again.Revision, head.Revision)
	})
	if again.State != first.State || again.MemberId != first.MemberId || first.Revision >= head.Revision {
		t.Errorf("first %v, again %v, head %d", first, again, head.Revision)
	}
}
