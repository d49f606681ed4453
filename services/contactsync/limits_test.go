package contactsync_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/validate/validatetest"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync"
)

// TestEveryRequestFieldHasALimit guards that no string or list of any
// request is unbounded: its comment in the .proto file states a maximum
// and the rules refuse one more.
func TestEveryRequestFieldHasALimit(t *testing.T) {
	svc := contactsyncv1.File_liaison_contactsync_v1_contact_sync_service_proto.Services().ByName("ContactSyncService")
	validatetest.Limits(t, contactsync.Rules(), svc, "../../proto")
}
