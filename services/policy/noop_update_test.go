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
			before := h.writes(t)
			again, err := update()
			if err != nil {
				t.Fatalf("the same update again: %v", err)
			}
			if again != first {
				t.Errorf("the resource changed from %q to %q", first, again)
			}
			if after := h.writes(t); after != before {
				t.Errorf("the same update again wrote: before %+v, after %+v", before, after)
			}
		})
	}
}

// writeMarks are what any write moves: the change log's head (every
// replica's wake-up and cache invalidation follow an entry there) and the
// newest audit entry.
type writeMarks struct {
	logHead, newestAudit int64
}

// writes reads the write marks of tenant contoso.
func (h *harness) writes(t *testing.T) writeMarks {
	t.Helper()
	head, err := h.store.Log().Head(t.Context())
	if err != nil {
		t.Fatalf("reading the change log's head: %v", err)
	}
	audit, err := h.store.ListAuditEvents(t.Context(), "contoso", 0, 1)
	if err != nil {
		t.Fatalf("reading the audit log: %v", err)
	}
	marks := writeMarks{logHead: head}
	if len(audit) > 0 {
		marks.newestAudit = audit[0].Revision
	}
	return marks
}
