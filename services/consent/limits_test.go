package consent_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/validate/validatetest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"github.com/liaisonhq/liaison/services/consent"
)

// TestEveryRequestFieldHasALimit guards that no string or list of any
// request, at any depth, is unbounded: its comment in the .proto file
// states a maximum and the rules refuse one more.
func TestEveryRequestFieldHasALimit(t *testing.T) {
	svc := consentv1.File_liaison_consent_v1_consent_service_proto.Services().ByName("ConsentService")
	validatetest.Limits(t, consent.Rules(), svc, "../../proto")
}
