package policy_test

import (
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestUserEtagsDetectAChangeMadeMeanwhile: every change gives a user a new
// etag, and an update sent with an older one is refused (ABORTED) and
// changes nothing, so a writer never overwrites what it did not see.
func TestUserEtagsDetectAChangeMadeMeanwhile(t *testing.T) {
	h := newHarness(t)
	ctx := h.admin()
	read := func() *policyv1.User {
		t.Helper()
		got, err := h.client.GetUser(ctx, &policyv1.GetUserRequest{Tenant: "contoso", User: "carol"})
		if err != nil {
			t.Fatal(err)
		}
		return got.User
	}
	seen := read()
	if seen.Etag == "" {
		t.Fatal("a user has no etag")
	}
	update := func(title, etag string) (*policyv1.User, error) {
		resp, err := h.client.UpdateUser(ctx, &policyv1.UpdateUserRequest{
			Tenant: "contoso", User: &policyv1.User{Id: "carol", JobTitle: title, Etag: etag},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"job_title", "etag"}},
		})
		return resp.GetUser(), err
	}
	changed, err := update("Designer", seen.Etag)
	if err != nil {
		t.Fatalf("update with the current etag: %v", err)
	}
	if changed.Etag == seen.Etag || changed.Etag != read().Etag {
		t.Fatalf("etag after a change = %q (before %q, read back %q): want a new one, as read back", changed.Etag, seen.Etag, read().Etag)
	}
	if _, err := update("Architect", seen.Etag); status.Code(err) != codes.Aborted {
		t.Fatalf("update with the etag from before the change: %v, want ABORTED", err)
	}
	if got := read(); got.JobTitle != "Designer" || got.Etag != changed.Etag {
		t.Errorf("after the refused update: title %q etag %q, want Designer %q", got.JobTitle, got.Etag, changed.Etag)
	}
	// A change made for another reason (her manager leaving) counts too.
	if _, err := h.client.UpdateUser(ctx, &policyv1.UpdateUserRequest{
		Tenant: "contoso", User: &policyv1.User{Id: "carol", Manager: "bob"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"manager"}},
	}); err != nil {
		t.Fatal(err)
	}
	before := read()
	if _, err := h.client.DeleteUser(ctx, &policyv1.DeleteUserRequest{Tenant: "contoso", User: "bob"}); err != nil {
		t.Fatal(err)
	}
	if got := read(); got.Manager != "" || got.Etag == before.Etag {
		t.Errorf("after her manager was deleted: manager %q etag %q (before %q), want no manager and a new etag", got.Manager, got.Etag, before.Etag)
	}
}

// TestGroupEtagsCoverTheirMembers: a group's etag changes with its members
// (added, removed, or gone with the user), the member calls answer the new
// one, and a member change sent with an older one is refused.
func TestGroupEtagsCoverTheirMembers(t *testing.T) {
	h := newHarness(t)
	ctx := h.admin()
	etag := func() string {
		t.Helper()
		got, err := h.client.GetGroup(ctx, &policyv1.GetGroupRequest{Tenant: "contoso", Group: "pilot"})
		if err != nil {
			t.Fatal(err)
		}
		return got.Group.Etag
	}
	first := etag()
	added, err := h.client.AddGroupMember(ctx, &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "pilot", Member: "users/carol", Etag: first})
	if err != nil {
		t.Fatalf("add with the current etag: %v", err)
	}
	if added.Etag == first || added.Etag != etag() {
		t.Fatalf("etag after adding = %q (before %q, read back %q): want a new one, as read back", added.Etag, first, etag())
	}
	if _, err := h.client.RemoveGroupMember(ctx, &policyv1.RemoveGroupMemberRequest{Tenant: "contoso", Group: "pilot", Member: "users/carol", Etag: first}); status.Code(err) != codes.Aborted {
		t.Fatalf("remove with the etag from before the add: %v, want ABORTED", err)
	}
	if _, err := h.client.AddGroupMember(ctx, &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "pilot", Member: "users/bob", Etag: first}); status.Code(err) != codes.Aborted {
		t.Fatalf("add with the etag from before the add: %v, want ABORTED", err)
	}
	removed, err := h.client.RemoveGroupMember(ctx, &policyv1.RemoveGroupMemberRequest{Tenant: "contoso", Group: "pilot", Member: "users/carol", Etag: added.Etag})
	if err != nil {
		t.Fatalf("remove with the current etag: %v", err)
	}
	if removed.Etag == added.Etag || removed.Etag != etag() {
		t.Errorf("etag after removing = %q (before %q, read back %q)", removed.Etag, added.Etag, etag())
	}
	if _, err := h.client.AddGroupMember(ctx, &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "pilot", Member: "users/carol"}); err != nil {
		t.Fatal(err)
	}
	before := etag()
	if _, err := h.client.DeleteUser(ctx, &policyv1.DeleteUserRequest{Tenant: "contoso", User: "carol"}); err != nil {
		t.Fatal(err)
	}
	if after := etag(); after == before {
		t.Errorf("etag unchanged (%q) after a member's deletion ended her membership", after)
	}
}

// TestDeletesTakeEtags: a delete sent with an older etag is refused and
// deletes nothing.
func TestDeletesTakeEtags(t *testing.T) {
	h := newHarness(t)
	ctx := h.admin()
	if _, err := h.client.CreateGroup(ctx, &policyv1.CreateGroupRequest{Tenant: "contoso", Group: &policyv1.Group{Id: "old", DisplayName: "Old", Type: policyv1.GroupType_SECURITY}}); err != nil {
		t.Fatal(err)
	}
	group, err := h.client.GetGroup(ctx, &policyv1.GetGroupRequest{Tenant: "contoso", Group: "old"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.AddGroupMember(ctx, &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "old", Member: "users/carol"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteGroup(ctx, &policyv1.DeleteGroupRequest{Tenant: "contoso", Group: "old", Etag: group.Group.Etag}); status.Code(err) != codes.Aborted {
		t.Errorf("DeleteGroup with the etag from before a member joined: %v, want ABORTED", err)
	}
	created, err := h.client.CreateMailboxPolicy(ctx, &policyv1.CreateMailboxPolicyRequest{Tenant: "contoso", Policy: &policyv1.MailboxPolicy{Id: "Quiet"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.UpdateMailboxPolicy(ctx, &policyv1.UpdateMailboxPolicyRequest{Tenant: "contoso",
		Policy: &policyv1.MailboxPolicy{Id: "Quiet", LinkedinContactSyncEnabled: proto.Bool(false)}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"linkedin_contact_sync_enabled"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteMailboxPolicy(ctx, &policyv1.DeleteMailboxPolicyRequest{Tenant: "contoso", Policy: "Quiet", Etag: created.Policy.Etag}); status.Code(err) != codes.Aborted {
		t.Errorf("DeleteMailboxPolicy with the etag from before a change: %v, want ABORTED", err)
	}
	for _, get := range []func() error{
		func() error {
			_, err := h.client.GetGroup(ctx, &policyv1.GetGroupRequest{Tenant: "contoso", Group: "old"})
			return err
		},
		func() error {
			_, err := h.client.GetMailboxPolicy(ctx, &policyv1.GetMailboxPolicyRequest{Tenant: "contoso", Policy: "Quiet"})
			return err
		},
	} {
		if err := get(); err != nil {
			t.Errorf("a refused delete deleted: %v", err)
		}
	}
}
