package profilecard_test

import (
	"testing"

	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/services/profilecard"
)

// TestEveryMethodHasRules: a method without an access rule would refuse
// every call, and one without request rules would take any input; this
// names it first.
func TestEveryMethodHasRules(t *testing.T) {
	service := profilecardv1.File_liaison_profilecard_v1_profile_card_service_proto.Services().Get(0)
	if missing := profilecard.AccessRules().Missing(service); len(missing) > 0 {
		t.Errorf("methods without an access rule: %v", missing)
	}
	rules := profilecard.Rules()
	for i := range service.Methods().Len() {
		if m := service.Methods().Get(i); !rules.Has(m.Input().FullName()) {
			t.Errorf("%s has no request rules", m.Name())
		}
	}
}
