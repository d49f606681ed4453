package profilecard_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/validate/validatetest"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/services/profilecard"
)

// TestEveryRequestFieldHasALimit guards that no string or list of any
// request is unbounded: its comment in the .proto file states a maximum
// and the rules refuse one more.
func TestEveryRequestFieldHasALimit(t *testing.T) {
	svc := profilecardv1.File_liaison_profilecard_v1_profile_card_service_proto.Services().ByName("ProfileCardService")
	validatetest.Limits(t, profilecard.Rules(), svc, "../../proto")
}
