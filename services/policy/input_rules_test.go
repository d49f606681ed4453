package policy_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestControlCharactersAreRefused sends names and ids holding characters
// PostgreSQL cannot store (NUL) or that corrupt logs and exports: each is
// refused with InvalidArgument naming the field, before any store sees it.
func TestControlCharactersAreRefused(t *testing.T) {
	h := newHarness(t)
	user := func(change func(*policyv1.User)) *policyv1.CreateUserRequest {
		u := &policyv1.User{Id: "dave", Email: "dave@contoso.com", DisplayName: "Dave"}
		change(u)
		return &policyv1.CreateUserRequest{Tenant: "contoso", User: u}
	}
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"NUL in a display name", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.DisplayName = "Da\x00ve" })), "user.display_name"},
		{"newline in a surname", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.Surname = "Smith\nAdmin" })), "user.surname"},
		{"tab in a job title", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.JobTitle = "CEO\t" })), "user.job_title"},
		{"C1 control in an office", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.Office = "HQ\u0085" })), "user.office"},
		{"bidi override in a given name", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.GivenName = "\u202enimda" })), "user.given_name"},
		{"line separator in a department", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.Department = "R\u2028D" })), "user.department"},
		{"NUL in an id", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.Id = "da\x00ve" })), "user.id"},
		{"NUL in an email", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.Email = "dave@contoso.com\x00" })), "user.email"},
		{"C1 control in an email", call(h.client.CreateUser, h, user(func(u *policyv1.User) { u.Email = "dave@contoso.com\u0085" })), "user.email"},
		{"NUL in a phone number", call(h.client.CreateUser, h, user(func(u *policyv1.User) {
			u.Phones = []*policyv1.PhoneNumber{{Number: "+1 425\x00555"}}
		})), "user.phones[0].number"},
		{"NUL in a user id to read", call(h.client.GetUser, h, &policyv1.GetUserRequest{Tenant: "contoso", User: "alice\x00"}), "user"},
		// Operators may name any tenant: their requests reach the rules.
		{"NUL in a tenant id", callAs(h.operator(), h.client.GetTenant, &policyv1.GetTenantRequest{Tenant: "contoso\x00"}), "tenant"},
		{"NUL in a tenant name", callAs(h.operator(), h.client.CreateTenant, &policyv1.CreateTenantRequest{Tenant: &policyv1.Tenant{
			Id: "fabrikam", DisplayName: "Fab\x00rikam", Cloud: policyv1.Cloud_PUBLIC, DataLocation: "US",
		}}), "tenant.display_name"},
		{"newline in a group description", call(h.client.CreateGroup, h, &policyv1.CreateGroupRequest{Tenant: "contoso", Group: &policyv1.Group{
			Id: "sales", DisplayName: "Sales", Type: policyv1.GroupType_SECURITY, Description: "line one\nline two",
		}}), "group.description"},
		{"NUL in a member", call(h.client.AddGroupMember, h, &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "pilot", Member: "users/al\x00ice"}), "member"},
		{"NUL in an etag", call(h.client.UpdateMailboxPolicy, h, &policyv1.UpdateMailboxPolicyRequest{
			Tenant: "contoso", Policy: &policyv1.MailboxPolicy{Id: "OwaMailboxPolicy-Default", Etag: "1\x00"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"linkedin_contact_sync_enabled"}},
		}), "policy.etag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantInvalid(t, c.call(), c.field) })
	}
	// Nothing was stored on the way.
	if _, err := h.client.GetUser(h.admin(), &policyv1.GetUserRequest{Tenant: "contoso", User: "dave"}); status.Code(err) != codes.NotFound {
		t.Fatalf("dave after the refusals: %v", err)
	}
}

// TestOversizedRequestsAreRefused sends requests over the limits: the
// probe's 100,000 phone numbers, which once made every list of users fail,
// and each list's one too many. The refusal lists at most 20 violations.
func TestOversizedRequestsAreRefused(t *testing.T) {
	h := newHarness(t)
	phones := make([]*policyv1.PhoneNumber, 100000)
	for i := range phones {
		phones[i] = &policyv1.PhoneNumber{Number: "\x00"}
	}
	users := slices.Repeat([]string{"alice"}, 1001)
	overrides := make([]*policyv1.ClientPolicy_GroupOverride, 51)
	for i := range overrides {
		overrides[i] = &policyv1.ClientPolicy_GroupOverride{Group: "pilot", Setting: policyv1.ClientPolicy_ENABLED}
	}
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"100,000 phone numbers", call(h.client.CreateUser, h, &policyv1.CreateUserRequest{Tenant: "contoso", User: &policyv1.User{
			Id: "dave", Email: "dave@contoso.com", DisplayName: "Dave", Phones: phones,
		}}), "user.phones"},
		{"11 phone numbers on update", call(h.client.UpdateUser, h, &policyv1.UpdateUserRequest{Tenant: "contoso",
			User:       &policyv1.User{Id: "alice", Phones: phones[:11]},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"phones"}},
		}), "user.phones"},
		{"a display name of 257 characters", call(h.client.CreateUser, h, &policyv1.CreateUserRequest{Tenant: "contoso", User: &policyv1.User{
			Id: "dave", Email: "dave@contoso.com", DisplayName: strings.Repeat("é", 257),
		}}), "user.display_name"},
		{"a field the mask leaves out is still bounded", call(h.client.UpdateUser, h, &policyv1.UpdateUserRequest{Tenant: "contoso",
			User:       &policyv1.User{Id: "alice", JobTitle: "Engineer", Department: strings.Repeat("x", 1<<20)},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"job_title"}},
		}), "user.department"},
		{"an update mask naming a field twice", call(h.client.UpdateUser, h, &policyv1.UpdateUserRequest{Tenant: "contoso",
			User:       &policyv1.User{Id: "alice", JobTitle: "Engineer"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"job_title", "job_title"}},
		}), "update_mask"},
		{"an update mask of 100,000 paths", call(h.client.UpdateUser, h, &policyv1.UpdateUserRequest{Tenant: "contoso",
			User:       &policyv1.User{Id: "alice", JobTitle: "Engineer"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: slices.Repeat([]string{"job_title"}, 100000)},
		}), "update_mask"},
		{"1001 users in a batch", call(h.client.BatchCheckAccess, h, &policyv1.BatchCheckAccessRequest{
			Tenant: "contoso", Users: users, Capability: policyv1.Capability_ACCOUNT_CONNECTION,
		}), "users"},
		{"51 client policy overrides", call(h.client.UpdateClientPolicy, h, &policyv1.UpdateClientPolicyRequest{
			Tenant: "contoso", Policy: &policyv1.ClientPolicy{GroupOverrides: overrides},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"group_overrides"}},
		}), "policy.group_overrides"},
		{"a page of 201 users", call(h.client.ListUsers, h, &policyv1.ListUsersRequest{Tenant: "contoso", PageSize: 201}), "page_size"},
		{"a page of 101 audit events", call(h.client.ListAuditEvents, h, &policyv1.ListAuditEventsRequest{Tenant: "contoso", PageSize: 101}), "page_size"},
		{"a page token of 129 characters", call(h.client.ListGroups, h, &policyv1.ListGroupsRequest{Tenant: "contoso", PageToken: strings.Repeat("A", 129)}), "page_token"},
		{"a negative min_revision", call(h.client.CheckAccess, h, &policyv1.CheckAccessRequest{
			Tenant: "contoso", User: "alice", Capability: policyv1.Capability_ACCOUNT_CONNECTION, MinRevision: -1,
		}), "min_revision"},
		{"a negative min_revision in a batch", call(h.client.BatchCheckAccess, h, &policyv1.BatchCheckAccessRequest{
			Tenant: "contoso", Users: []string{"alice"}, Capability: policyv1.Capability_ACCOUNT_CONNECTION, MinRevision: -1,
		}), "min_revision"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			wantInvalid(t, err, c.field)
			if n := len(violationsOf(err)); n > 20 {
				t.Errorf("the refusal lists %d violations", n)
			}
		})
	}
}

// call binds a client method to its request, as the admin.
func call[Req, Resp proto.Message](method func(context.Context, Req, ...grpc.CallOption) (Resp, error), h *harness, req Req) func() error {
	return callAs(h.admin(), method, req)
}

// callAs binds a client method to its request, as the caller of ctx.
func callAs[Req, Resp proto.Message](ctx context.Context, method func(context.Context, Req, ...grpc.CallOption) (Resp, error), req Req) func() error {
	return func() error {
		_, err := method(ctx, req)
		return err
	}
}

// wantInvalid checks err is InvalidArgument with FIELD_INVALID naming field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument {
		t.Fatalf("answered %v %q, want InvalidArgument naming %s", st.Code(), st.Message(), field)
	}
	var fields []string
	for _, v := range violationsOf(err) {
		fields = append(fields, v.Field)
	}
	if !slices.Contains(fields, field) {
		t.Fatalf("violations name %q, want %s (message %q)", fields, field, st.Message())
	}
}

func violationsOf(err error) []*errdetails.BadRequest_FieldViolation {
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			return br.FieldViolations
		}
	}
	return nil
}
