package policy_test

import (
	"io"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func TestEveryMethodHasRequestRules(t *testing.T) {
	rules := policy.Rules()
	methods := policyv1.File_liaison_policy_v1_policy_service_proto.Services().ByName("PolicyService").Methods()
	for i := 0; i < methods.Len(); i++ {
		m := methods.Get(i)
		if !rules.Has(m.Input().FullName()) {
			t.Errorf("%s has no request rules", m.Name())
		}
	}
}

func TestDecisionsSeeAChangeAtOnce(t *testing.T) {
	h := newHarness(t)
	check := func(user string) policyv1.AccessReason {
		resp, err := h.client.CheckAccess(h.admin(), &policyv1.CheckAccessRequest{
			Tenant: "contoso", User: user, Capability: policyv1.Capability_ACCOUNT_CONNECTION,
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Reason
	}
	if got := check("carol"); got != policyv1.AccessReason_ALLOWED {
		t.Fatalf("before: %v", got)
	}
	_, err := h.client.UpdateLinkedInSettings(h.admin(), &policyv1.UpdateLinkedInSettingsRequest{
		Tenant:     "contoso",
		Settings:   &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode", "selected_group"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := check("carol"); got != policyv1.AccessReason_NOT_IN_SELECTED_GROUP {
		t.Fatalf("right after the change: %v", got)
	}
	if got := check("alice"); got != policyv1.AccessReason_ALLOWED {
		t.Fatalf("alice, nested member: %v", got)
	}
	// Removing alice from the nested group takes effect at once too.
	if _, err := h.client.RemoveGroupMember(h.admin(), &policyv1.RemoveGroupMemberRequest{
		Tenant: "contoso", Group: "pilot-core", Member: "users/alice",
	}); err != nil {
		t.Fatal(err)
	}
	if got := check("alice"); got != policyv1.AccessReason_NOT_IN_SELECTED_GROUP {
		t.Fatalf("alice after leaving pilot-core: %v", got)
	}
}

func TestAFailedChangeLeavesNoTrace(t *testing.T) {
	h := newHarness(t)
	headBefore, err := h.store.Log().Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// bob taking alice's email breaks a unique key after the change and its
	// audit entry were written in the transaction.
	_, err = h.client.UpdateUser(h.admin(), &policyv1.UpdateUserRequest{
		Tenant: "contoso", User: &policyv1.User{Id: "bob", Email: "alice@contoso.com"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"email"}},
	})
	if status.Code(err) != codes.AlreadyExists || !strings.Contains(status.Convert(err).Message(), "alice@contoso.com") {
		t.Fatalf("UpdateUser = %v, want AlreadyExists naming the email", err)
	}
	headAfter, _ := h.store.Log().Head(t.Context())
	if headAfter != headBefore {
		t.Fatalf("change log moved from %d to %d for a failed change", headBefore, headAfter)
	}
	events, err := h.store.ListAuditEvents(t.Context(), "contoso", 0, 1)
	if err != nil || len(events) != 1 || events[0].Revision > headBefore {
		t.Fatalf("audit log has an entry for the failed change: %v %v", events, err)
	}
	bob, err := h.client.GetUser(h.admin(), &policyv1.GetUserRequest{Tenant: "contoso", User: "bob"})
	if err != nil || bob.User.Email != "bob@contoso.com" {
		t.Fatalf("bob = %v, %v", bob, err)
	}
}

func TestMovingTheDefaultMailboxPolicyIsAuditedTwice(t *testing.T) {
	h := newHarness(t)
	created, err := h.client.CreateMailboxPolicy(h.admin(), &policyv1.CreateMailboxPolicyRequest{
		Tenant: "contoso", Policy: &policyv1.MailboxPolicy{Id: "NoLinkedIn", LinkedinContactSyncEnabled: proto.Bool(false)},
	})
	if err != nil || created.Policy.GetLinkedinContactSyncEnabled() || created.Policy.IsDefault {
		t.Fatalf("create = %v, %v", created, err)
	}
	if _, err := h.client.UpdateMailboxPolicy(h.admin(), &policyv1.UpdateMailboxPolicyRequest{
		Tenant: "contoso", Policy: &policyv1.MailboxPolicy{Id: "NoLinkedIn", IsDefault: true},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"is_default"}},
	}); err != nil {
		t.Fatal(err)
	}
	list, err := h.client.ListMailboxPolicies(h.admin(), &policyv1.ListMailboxPoliciesRequest{Tenant: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	defaults := 0
	for _, p := range list.Policies {
		if p.IsDefault {
			defaults++
			if p.Id != "NoLinkedIn" {
				t.Errorf("default is %s", p.Id)
			}
		}
	}
	if defaults != 1 {
		t.Fatalf("%d defaults, want exactly 1", defaults)
	}
	events, err := h.client.ListAuditEvents(h.admin(), &policyv1.ListAuditEventsRequest{Tenant: "contoso", PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	resources := []string{events.Events[0].Resource, events.Events[1].Resource}
	if resources[0] != "tenants/contoso/mailboxPolicies/NoLinkedIn" || resources[1] != "tenants/contoso/mailboxPolicies/OwaMailboxPolicy-Default" {
		t.Fatalf("audit resources = %v", resources)
	}
	// Carol follows the default, now with contact sync off.
	resp, err := h.client.CheckAccess(h.admin(), &policyv1.CheckAccessRequest{
		Tenant: "contoso", User: "carol", Capability: policyv1.Capability_CONTACT_SYNC,
	})
	if err != nil || resp.Reason != policyv1.AccessReason_CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY {
		t.Fatalf("carol contact sync = %v, %v", resp, err)
	}
}

func TestWatchStreamsAndResumes(t *testing.T) {
	h := newHarness(t)
	ctx := h.admin()
	stream, err := h.client.Watch(ctx, &policyv1.WatchRequest{Tenant: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	first, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Changes) == 0 || first.Changes[0].Resource != "tenants/contoso" || first.Changes[0].Operation != policyv1.Change_CREATE {
		t.Fatalf("first batch = %v", first)
	}
	for _, c := range first.Changes {
		if c.Tenant != "contoso" {
			t.Fatalf("tenant filter let through %v", c)
		}
	}
	seen := first.Revision
	if _, err := h.client.DeleteUser(h.admin(), &policyv1.DeleteUserRequest{Tenant: "contoso", User: "bob"}); err != nil {
		t.Fatal(err)
	}
	next, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Changes) != 1 || next.Changes[0].Resource != "tenants/contoso/users/bob" || next.Changes[0].Operation != policyv1.Change_DELETE || next.Revision <= seen {
		t.Fatalf("live change = %v", next)
	}
	seen = next.Revision

	// A consumer that restarts, against a restarted service, resumes after
	// the last revision it handled and misses nothing.
	h.restart()
	if _, err := h.client.DeleteUser(h.admin(), &policyv1.DeleteUserRequest{Tenant: "contoso", User: "carol"}); err != nil {
		t.Fatal(err)
	}
	resumed, err := h.client.Watch(h.admin(), &policyv1.WatchRequest{Tenant: "contoso", FromRevision: seen})
	if err != nil {
		t.Fatal(err)
	}
	got, err := resumed.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Changes) != 1 || got.Changes[0].Resource != "tenants/contoso/users/carol" {
		t.Fatalf("resumed = %v", got)
	}
}

func TestWatchingEveryTenantNeedsServiceOrOperator(t *testing.T) {
	h := newHarness(t)
	stream, err := h.client.Watch(h.admin(), &policyv1.WatchRequest{})
	if err == nil {
		_, err = stream.Recv()
	}
	if status.Code(err) != codes.PermissionDenied {
		t.Fatalf("admin watching all tenants: %v", err)
	}
	stream, err = h.client.Watch(h.operator(), &policyv1.WatchRequest{FromRevision: 0})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := stream.Recv()
	if err != nil && err != io.EOF {
		t.Fatal(err)
	}
	tenants := map[string]bool{}
	for _, c := range batch.Changes {
		tenants[c.Tenant] = true
	}
	if !tenants["contoso"] || !tenants["gov"] {
		t.Fatalf("operator stream covered %v", tenants)
	}
}

func TestBadRequestsNameTheField(t *testing.T) {
	h := newHarness(t)
	_, err := h.client.CreateUser(h.admin(), &policyv1.CreateUserRequest{Tenant: "contoso", User: &policyv1.User{Id: "dave", DisplayName: "Dave"}})
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument {
		t.Fatalf("code = %v", st.Code())
	}
	var fields []string
	var reason string
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			for _, v := range d.FieldViolations {
				fields = append(fields, v.Field+": "+v.Description)
			}
		case *errdetails.ErrorInfo:
			reason = d.Reason
		}
	}
	if reason != "FIELD_INVALID" || len(fields) != 1 || fields[0] != "user.email: is required" {
		t.Fatalf("reason %q, violations %v", reason, fields)
	}
}

func TestStoreFailuresAreHidden(t *testing.T) {
	h := newHarness(t)
	// A table the service needs goes missing: a fault of ours, not an
	// outage, so every query of it fails as a bug would.
	err := h.store.DB().Write(t.Context(), func(tx *sqlstore.Tx) error {
		_, err := tx.Exec(t.Context(), `ALTER TABLE users RENAME TO users_gone`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.client.ListUsers(h.admin(), &policyv1.ListUsersRequest{Tenant: "contoso"})
	st := status.Convert(err)
	if st.Code() != codes.Internal || !strings.HasPrefix(st.Message(), "internal error (request id ") {
		t.Fatalf("got %v %q", st.Code(), st.Message())
	}
	if strings.Contains(strings.ToLower(st.Message()), "sql") {
		t.Fatalf("a database error reached the client: %q", st.Message())
	}
}

func TestPreviewThroughTheService(t *testing.T) {
	h := newHarness(t)
	resp, err := h.client.PreviewLinkedInSettingsChange(h.admin(), &policyv1.PreviewLinkedInSettingsChangeRequest{
		Tenant: "contoso", Proposed: &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: "pilot"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.TotalUsers != 4 || resp.AllowedNow != 4 || resp.AllowedAfter != 1 || resp.UsersLosing != 3 {
		t.Fatalf("preview = %v", resp)
	}
	settings, err := h.client.GetLinkedInSettings(h.admin(), &policyv1.GetLinkedInSettingsRequest{Tenant: "contoso"})
	if err != nil || settings.Settings.Mode != policyv1.LinkedInSettings_ENABLED {
		t.Fatalf("preview changed the settings: %v %v", settings, err)
	}
}

func TestShutdownEndsWatchStreamsCleanly(t *testing.T) {
	h := newHarness(t)
	// Its own connection: the harness closes its own when it stops.
	conn, err := grpc.NewClient(h.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stream, err := policyv1.NewPolicyServiceClient(conn).Watch(h.admin(), &policyv1.WatchRequest{Tenant: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	h.stop()
	// The stream ends as shutdown starts, with OK, rather than being cut
	// (Unavailable) when the grace period runs out.
	if _, err := stream.Recv(); err != io.EOF {
		t.Fatalf("after shutdown the stream ended with %v, want a clean end", err)
	}
	h.start() // for the cleanup's stop
}

func TestDeletingAManagerClearsTheirReports(t *testing.T) {
	h := newHarness(t)
	if _, err := h.client.UpdateUser(h.admin(), &policyv1.UpdateUserRequest{
		Tenant: "contoso", User: &policyv1.User{Id: "bob", Manager: "carol"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"manager"}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteUser(h.admin(), &policyv1.DeleteUserRequest{Tenant: "contoso", User: "carol"}); err != nil {
		t.Fatal(err)
	}
	bob, err := h.client.GetUser(h.admin(), &policyv1.GetUserRequest{Tenant: "contoso", User: "bob"})
	if err != nil || bob.User.Manager != "" {
		t.Fatalf("bob = %v, %v; want no manager", bob, err)
	}
	events, err := h.client.ListAuditEvents(h.admin(), &policyv1.ListAuditEventsRequest{Tenant: "contoso", PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if events.Events[0].Resource != "tenants/contoso/users/carol" || events.Events[1].Resource != "tenants/contoso/users/bob" ||
		events.Events[1].Before.Fields["manager"].GetStringValue() != "carol" {
		t.Fatalf("audit = %v", events.Events)
	}
}

func TestCascadedChangesAreAudited(t *testing.T) {
	h := newHarness(t)
	resources := func(n int32) []string {
		events, err := h.client.ListAuditEvents(h.admin(), &policyv1.ListAuditEventsRequest{Tenant: "contoso", PageSize: n})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range events.Events {
			out = append(out, e.Resource)
		}
		return out
	}
	// alice is in pilot-core: deleting her ends that membership too.
	if _, err := h.client.DeleteUser(h.admin(), &policyv1.DeleteUserRequest{Tenant: "contoso", User: "alice"}); err != nil {
		t.Fatal(err)
	}
	if got := resources(2); len(got) != 2 || got[0] != "tenants/contoso/users/alice" || got[1] != "tenants/contoso/groups/pilot-core/members/users/alice" {
		t.Fatalf("after deleting alice: %v", got)
	}
	// Deleting pilot-core ends its membership in pilot.
	if _, err := h.client.DeleteGroup(h.admin(), &policyv1.DeleteGroupRequest{Tenant: "contoso", Group: "pilot-core"}); err != nil {
		t.Fatal(err)
	}
	if got := resources(2); len(got) != 2 || got[0] != "tenants/contoso/groups/pilot-core" || got[1] != "tenants/contoso/groups/pilot/members/groups/pilot-core" {
		t.Fatalf("after deleting pilot-core: %v", got)
	}
	// bob on a policy that is deleted follows the default again, audited.
	if _, err := h.client.CreateMailboxPolicy(h.admin(), &policyv1.CreateMailboxPolicyRequest{Tenant: "contoso", Policy: &policyv1.MailboxPolicy{Id: "Strict"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.UpdateUser(h.admin(), &policyv1.UpdateUserRequest{Tenant: "contoso", User: &policyv1.User{Id: "bob", MailboxPolicy: "Strict"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mailbox_policy"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteMailboxPolicy(h.admin(), &policyv1.DeleteMailboxPolicyRequest{Tenant: "contoso", Policy: "Strict"}); err != nil {
		t.Fatal(err)
	}
	if got := resources(2); len(got) != 2 || got[0] != "tenants/contoso/mailboxPolicies/Strict" || got[1] != "tenants/contoso/users/bob" {
		t.Fatalf("after deleting the policy: %v", got)
	}
	bob, err := h.client.GetUser(h.admin(), &policyv1.GetUserRequest{Tenant: "contoso", User: "bob"})
	if err != nil || bob.User.MailboxPolicy != "" {
		t.Fatalf("bob = %v, %v", bob, err)
	}
}
