package consent_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestEveryMethodHasAnAccessRule: a method without one would refuse every
// call; this names it first. CompleteConnection is called without a token.
func TestEveryMethodHasAnAccessRule(t *testing.T) {
	service := consentv1.File_liaison_consent_v1_consent_service_proto.Services().Get(0)
	if missing := consent.AccessRules().Missing(service, consentv1.ConsentService_CompleteConnection_FullMethodName); len(missing) > 0 {
		t.Errorf("methods without an access rule: %v", missing)
	}
}

// TestCallersWithoutAccessLearnNothingOfTheRequestsRules: a request the
// caller may not send is refused as such before its own rules are checked.
func TestCallersWithoutAccessLearnNothingOfTheRequestsRules(t *testing.T) {
	h := newHarness(t)
	govAdmin := h.as("gov", "admin", auth.RoleTenantAdmin)
	if _, err := h.consent.ListConnections(govAdmin, &consentv1.ListConnectionsRequest{Tenant: "contoso", PageSize: -1}); status.Code(err) != codes.NotFound {
		t.Errorf("another tenant's admin, a negative page size: %v, want NotFound", err)
	}
	if _, err := h.consent.GetConsent(h.alice(), &consentv1.GetConsentRequest{Tenant: "contoso", User: "bob", MinRevision: -1}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("a user, another user's consent with a negative revision: %v, want PermissionDenied", err)
	}
}
