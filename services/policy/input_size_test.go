package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// messageBudget is what a full page of the largest items may take: half
// of gRPC's default 4 MiB receive limit, leaving room for growth.
const messageBudget = 2 << 20

// text is n characters of 4 bytes in UTF-8 each, the largest encoding.
func text(n int) string { return strings.Repeat("𝒜", n) }

// id returns an id of the maximum length, 64 characters, ending in tag.
func id(tag string) string { return strings.Repeat("a", 64-len(tag)) + tag }

// largestUser is a user with every field at its maximum, its text made of
// the 4-byte character c.
func largestUser(userID, manager, mailboxPolicy, c string) *policyv1.User {
	text := func(n int) string { return strings.Repeat(c, n) }
	phones := make([]*policyv1.PhoneNumber, 10)
	for i := range phones {
		phones[i] = &policyv1.PhoneNumber{Type: policyv1.PhoneNumber_MOBILE, Number: "+" + strings.Repeat("1", 31)}
	}
	return &policyv1.User{
		Id: userID, Email: text(64) + "@" + text(185) + ".com",
		DisplayName: text(256), GivenName: text(64), Surname: text(64), JobTitle: text(128), Department: text(64), Office: text(128),
		Phones: phones, Manager: manager, MailboxPolicy: mailboxPolicy,
	}
}

// TestLargestPagesFitInAMessage builds the largest resources the limits
// allow, through the service (so the rules accept them), and checks that
// a full page of each list, and the largest audit entry times a full page,
// stay under the budget. It is the guard against a limit raised without
// lowering a page size.
func TestLargestPagesFitInAMessage(t *testing.T) {
	h := newHarness(t)
	// The actor and the request id, recorded in every audit entry, at their
	// largest too.
	admin := metadata.AppendToOutgoingContext(h.as("contoso", strings.Repeat("s", 128), auth.RoleTenantAdmin),
		"x-request-id", strings.Repeat("r", 128))
	check := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mailbox, group := strings.Repeat("P", 64), id("g")
	check(h.client.CreateMailboxPolicy(admin, &policyv1.CreateMailboxPolicyRequest{Tenant: "contoso", Policy: &policyv1.MailboxPolicy{Id: mailbox}}))
	check(h.client.CreateUser(admin, &policyv1.CreateUserRequest{Tenant: "contoso", User: largestUser(id("m"), "", "", "𝒵")}))
	created, err := h.client.CreateUser(admin, &policyv1.CreateUserRequest{Tenant: "contoso", User: largestUser(id("u"), id("m"), mailbox, "𝒜")})
	check(created, err)
	changed := largestUser(id("u"), id("m"), mailbox, "𝔄")
	check(h.client.UpdateUser(admin, &policyv1.UpdateUserRequest{Tenant: "contoso", User: changed, UpdateMask: &fieldmaskpb.FieldMask{
		Paths: []string{"email", "display_name", "given_name", "surname", "job_title", "department", "office", "phones", "manager", "mailbox_policy"},
	}}))
	largestGroup, err := h.client.CreateGroup(admin, &policyv1.CreateGroupRequest{Tenant: "contoso", Group: &policyv1.Group{
		Id: group, DisplayName: text(256), Type: policyv1.GroupType_SECURITY, Description: text(1024),
	}})
	check(largestGroup, err)
	overrides := make([]*policyv1.ClientPolicy_GroupOverride, 50)
	for i := range overrides {
		g := id(fmt.Sprint(i))
		check(h.client.CreateGroup(admin, &policyv1.CreateGroupRequest{Tenant: "contoso", Group: &policyv1.Group{Id: g, DisplayName: "G", Type: policyv1.GroupType_SECURITY}}))
		overrides[i] = &policyv1.ClientPolicy_GroupOverride{Group: g, Setting: policyv1.ClientPolicy_DISABLED}
	}
	for range 2 { // twice, so the entry holds 50 overrides before and after
		check(h.client.UpdateClientPolicy(admin, &policyv1.UpdateClientPolicyRequest{Tenant: "contoso",
			Policy: &policyv1.ClientPolicy{GroupOverrides: overrides}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"group_overrides"}}}))
	}

	token := strings.Repeat("t", 128)
	var largestEvent *policyv1.AuditEvent
	events, err := h.client.ListAuditEvents(admin, &policyv1.ListAuditEventsRequest{Tenant: "contoso", PageSize: 100})
	check(events, err)
	for _, e := range events.Events {
		if largestEvent == nil || proto.Size(e) > proto.Size(largestEvent) {
			largestEvent = e
		}
	}
	members := make([]string, policy.MaxGroupMembers)
	for i := range members {
		members[i] = "groups/" + id(fmt.Sprint(i))
	}
	for _, page := range []struct {
		name string
		msg  proto.Message
	}{
		{"ListUsers", &policyv1.ListUsersResponse{Users: repeat(created.User, policy.MaxUserPage), NextPageToken: token}},
		{"ListGroups", &policyv1.ListGroupsResponse{Groups: repeat(largestGroup.Group, policy.MaxGroupPage), NextPageToken: token}},
		{"ListAuditEvents", &policyv1.ListAuditEventsResponse{Events: repeat(largestEvent, policy.MaxAuditPage), NextPageToken: token}},
		{"GetGroup", &policyv1.GetGroupResponse{Group: largestGroup.Group, Members: members}},
	} {
		size := proto.Size(page.msg)
		t.Logf("%s: a full page of the largest items is %d bytes", page.name, size)
		if size > messageBudget {
			t.Errorf("%s: a full page of the largest items is %d bytes, over the budget of %d", page.name, size, messageBudget)
		}
	}
	if size := proto.Size(largestEvent); size > 32<<10 {
		t.Errorf("the largest audit entry (%s) is %d bytes, want at most 32 KiB", largestEvent.Resource, size)
	}
}

// TestAGroupHoldsAtMostTenThousandDirectMembers fills a group to the limit
// in the store, then adds one more through the service.
func TestAGroupHoldsAtMostTenThousandDirectMembers(t *testing.T) {
	h := newHarness(t)
	if _, err := h.client.CreateGroup(h.admin(), &policyv1.CreateGroupRequest{Tenant: "contoso", Group: &policyv1.Group{
		Id: "everyone", DisplayName: "Everyone", Type: policyv1.GroupType_SECURITY,
	}}); err != nil {
		t.Fatal(err)
	}
	err := h.store.Write(t.Context(), func(tx store.Tx) error {
		for i := range policy.MaxGroupMembers {
			if err := tx.AddMember(t.Context(), "contoso", "everyone", store.Member{Kind: store.UserMember, ID: fmt.Sprintf("u%05d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.client.AddGroupMember(h.admin(), &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "everyone", Member: "users/alice"})
	if reason := errorReason(err); reason != "LIMIT_REACHED" {
		t.Fatalf("adding a member beyond the limit: %v (reason %q), want LIMIT_REACHED", err, reason)
	}
	group, err := h.client.GetGroup(h.admin(), &policyv1.GetGroupRequest{Tenant: "contoso", Group: "everyone"})
	if err != nil || len(group.Members) != policy.MaxGroupMembers {
		t.Fatalf("the group after the refusal: %d members, %v", len(group.GetMembers()), err)
	}
}

func repeat[T any](item T, n int) []T {
	items := make([]T, n)
	for i := range items {
		items[i] = item
	}
	return items
}

// errorReason is the ErrorInfo reason of err.
func errorReason(err error) string {
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Reason
		}
	}
	return ""
}
