package policy_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/validate/validatetest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy"
)

// TestEveryRequestFieldHasALimit guards that no string or list of any
// request, at any depth, is unbounded: its comment in the .proto file
// states a maximum and the rules refuse one more.
func TestEveryRequestFieldHasALimit(t *testing.T) {
	svc := policyv1.File_liaison_policy_v1_policy_service_proto.Services().ByName("PolicyService")
	validatetest.Limits(t, policy.Rules(), svc, "../../proto")
}
