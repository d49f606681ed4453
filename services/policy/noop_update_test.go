package policy_test

import (
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestNoOpUpdatesWriteNothing sends every update twice: the second one, with
// identical values, must take no revision, write no audit entry and keep
// the resource's etag.
func TestNoOpUpdatesWriteNothing(t *testing.T) {
	h := newHarness(t)
	mask := func(paths ...string) *fieldmaskpb.FieldMask { return &fieldmaskpb.FieldMask{Paths: paths} }
	updates := map[string]func() (etag string, err error){
		"UpdateUser": func() (string, error) {
			r, err := h.client.UpdateUser(h.admin(), &policyv1.UpdateUserRequest{
				Tenant: "contoso", User: &policyv1.User{Id: "bob", JobTitle: "Engineer"}, UpdateMask: mask("job_title"),
			})
			return r.GetUser().GetUpdateTime().String(), err
		},
		"UpdateLinkedInSettings": func() (string, error) {
			r, err := h.client.UpdateLinkedInSettings(h.admin(), &policyv1.UpdateLinkedInSettingsRequest{
				Tenant: "contoso", Settings: &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot"},
				UpdateMask: mask("mode", "selected_group"),
			})
			return r.GetSettings().GetEtag(), err
		},
		"UpdateClientPolicy": func() (string, error) {
			r, err := h.client.UpdateClientPolicy(h.admin(), &policyv1.UpdateClientPolicyRequest{
				Tenant: "contoso", Policy: &policyv1.ClientPolicy{Setting: policyv1.ClientPolicy_DISABLED}, UpdateMask: mask("setting"),
			})
			return r.GetPolicy().GetEtag(), err
		},
		"UpdateMailboxPolicy": func() (string, error) {
			r, err := h.client.UpdateMailboxPolicy(h.admin(), &policyv1.UpdateMailboxPolicyRequest{
				Tenant: "contoso", Policy: &policyv1.MailboxPolicy{Id: policy.DefaultMailboxPolicyID, LinkedinContactSyncEnabled: proto.Bool(false)},
				UpdateMask: mask("linkedin_contact_sync_enabled"),
			})
			return r.GetPolicy().GetEtag(), err
		},
	}
	for name, update := range updates {
		t.Run(name, func(t *testing.T) {
			first, err := update()
			if err != nil {
				t.Fatalf("first update: %v", err)
			}
			head, _ := h.store.Log().Head(t.Context())
			audit, _ := h.store.ListAuditEvents(t.Context(), "contoso", 0, 1)
			again, err := update()
			if err != nil {
				t.Fatalf("the same update again: %v", err)
			}
			if again != first {
				t.Errorf("the resource changed from %q to %q", first, again)
			}
			if after, _ := h.store.Log().Head(t.Context()); after != head {
				t.Errorf("the change log moved from %d to %d", head, after)
			}
			if later, _ := h.store.ListAuditEvents(t.Context(), "contoso", 0, 1); later[0].Revision != audit[0].Revision {
				t.Errorf("an audit entry was written: revision %d", later[0].Revision)
			}
		})
	}
}
