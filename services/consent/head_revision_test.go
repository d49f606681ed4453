package consent_test

import (
	"context"
	"testing"

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
