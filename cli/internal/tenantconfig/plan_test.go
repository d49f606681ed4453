package tenantconfig

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// snapshot is contoso as the services hold it: Yes, groups pilot (dana,
// core), core (alice) and old (carol), one default policy with sync on.
func snapshot() *Snapshot {
	user := func(id, policy, etag string) *policyv1.User {
		return &policyv1.User{Id: id, MailboxPolicy: policy, Etag: etag}
	}
	group := func(id, name, etag string, members ...string) *GroupState {
		return &GroupState{Group: &policyv1.Group{Id: id, DisplayName: name, Type: policyv1.GroupType_SECURITY, Etag: etag}, Members: members}
	}
	return &Snapshot{
		Tenant: "contoso",
		Settings: &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_ENABLED,
			MaxConsentDirection: typev1.ConsentDirection_BIDIRECTIONAL, Etag: "3"},
		ClientPolicy: &policyv1.ClientPolicy{Setting: policyv1.ClientPolicy_NOT_CONFIGURED, Etag: "4"},
		Policies: map[string]*policyv1.MailboxPolicy{
			"Default": {Id: "Default", LinkedinContactSyncEnabled: proto.Bool(true), IsDefault: true, Etag: "5"},
		},
		Groups: map[string]*GroupState{
			"pilot": group("pilot", "Pilot", "21", "users/dana", "groups/core"),
			"core":  group("core", "Core", "22", "users/alice"),
			"old":   group("old", "Old", "23", "users/carol"),
		},
		Users: map[string]*policyv1.User{
			"alice": user("alice", "", "11"), "bob": user("bob", "", "12"), "carol": user("carol", "", "13"), "dana": user("dana", "", "14"),
		},
	}
}

// fakePolicy records the calls apply makes and answers them, refusing
// the one numbered failAt (from 1) with ABORTED.
type fakePolicy struct {
	policyv1.PolicyServiceClient
	calls  []string
	failAt int
	rev    int
}

func (f *fakePolicy) call(format string, args ...any) error {
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	if len(f.calls) == f.failAt {
		return status.Error(codes.Aborted, "the etag no longer matches")
	}
	f.rev++
	return nil
}

func (f *fakePolicy) CreateGroup(_ context.Context, r *policyv1.CreateGroupRequest, _ ...grpc.CallOption) (*policyv1.CreateGroupResponse, error) {
	err := f.call("CreateGroup %s", r.Group.Id)
	return &policyv1.CreateGroupResponse{Group: &policyv1.Group{Id: r.Group.Id, Etag: fmt.Sprint(100 + f.rev)}}, err
}

func (f *fakePolicy) AddGroupMember(_ context.Context, r *policyv1.AddGroupMemberRequest, _ ...grpc.CallOption) (*policyv1.AddGroupMemberResponse, error) {
	err := f.call("AddGroupMember %s %s etag=%s", r.Group, r.Member, r.Etag)
	return &policyv1.AddGroupMemberResponse{Etag: fmt.Sprint(100 + f.rev)}, err
}

func (f *fakePolicy) RemoveGroupMember(_ context.Context, r *policyv1.RemoveGroupMemberRequest, _ ...grpc.CallOption) (*policyv1.RemoveGroupMemberResponse, error) {
	err := f.call("RemoveGroupMember %s %s etag=%s", r.Group, r.Member, r.Etag)
	return &policyv1.RemoveGroupMemberResponse{Etag: fmt.Sprint(100 + f.rev)}, err
}

func (f *fakePolicy) DeleteGroup(_ context.Context, r *policyv1.DeleteGroupRequest, _ ...grpc.CallOption) (*policyv1.DeleteGroupResponse, error) {
	return &policyv1.DeleteGroupResponse{}, f.call("DeleteGroup %s etag=%s", r.Group, r.Etag)
}

func (f *fakePolicy) CreateMailboxPolicy(_ context.Context, r *policyv1.CreateMailboxPolicyRequest, _ ...grpc.CallOption) (*policyv1.CreateMailboxPolicyResponse, error) {
	return &policyv1.CreateMailboxPolicyResponse{}, f.call("CreateMailboxPolicy %s sync=%v default=%v", r.Policy.Id, r.Policy.GetLinkedinContactSyncEnabled(), r.Policy.IsDefault)
}

func (f *fakePolicy) UpdateMailboxPolicy(_ context.Context, r *policyv1.UpdateMailboxPolicyRequest, _ ...grpc.CallOption) (*policyv1.UpdateMailboxPolicyResponse, error) {
	return &policyv1.UpdateMailboxPolicyResponse{}, f.call("UpdateMailboxPolicy %s %v etag=%s", r.Policy.Id, r.UpdateMask.Paths, r.Policy.Etag)
}

func (f *fakePolicy) DeleteMailboxPolicy(_ context.Context, r *policyv1.DeleteMailboxPolicyRequest, _ ...grpc.CallOption) (*policyv1.DeleteMailboxPolicyResponse, error) {
	return &policyv1.DeleteMailboxPolicyResponse{}, f.call("DeleteMailboxPolicy %s", r.Policy)
}

func (f *fakePolicy) UpdateUser(_ context.Context, r *policyv1.UpdateUserRequest, _ ...grpc.CallOption) (*policyv1.UpdateUserResponse, error) {
	return &policyv1.UpdateUserResponse{}, f.call("UpdateUser %s policy=%q %v etag=%s", r.User.Id, r.User.MailboxPolicy, r.UpdateMask.Paths, r.User.Etag)
}

func (f *fakePolicy) UpdateLinkedInSettings(_ context.Context, r *policyv1.UpdateLinkedInSettingsRequest, _ ...grpc.CallOption) (*policyv1.UpdateLinkedInSettingsResponse, error) {
	return &policyv1.UpdateLinkedInSettingsResponse{}, f.call("UpdateLinkedInSettings %s %s etag=%s", r.Settings.Mode, r.Settings.SelectedGroup, r.Settings.Etag)
}

func (f *fakePolicy) UpdateClientPolicy(_ context.Context, r *policyv1.UpdateClientPolicyRequest, _ ...grpc.CallOption) (*policyv1.UpdateClientPolicyResponse, error) {
	return &policyv1.UpdateClientPolicyResponse{}, f.call("UpdateClientPolicy %s overrides=%d etag=%s", r.Policy.Setting, len(r.Policy.GroupOverrides), r.Policy.Etag)
}

// The document: Selected group pilot; bob joins pilot and dana leaves it;
// a new group sales; a new default policy Quiet (sync off) that carol's
// mailbox and every unlisted one follow; Default keeps alice; old goes.
const change = `apiVersion: liaison.dev/v1
kind: TenantConfiguration
metadata: {tenant: contoso}
spec:
  linkedin: {mode: SELECTED_GROUP, selectedGroup: pilot, maxConsentDirection: BIDIRECTIONAL}
  groups:
    - {id: pilot, displayName: Pilot, type: SECURITY, members: [groups/core, users/bob]}
    - {id: core, displayName: Core, type: SECURITY, members: [users/alice]}
    - {id: sales, displayName: Sales, type: SECURITY, members: [users/bob, users/carol]}
  mailboxPolicies:
    - {id: Default, linkedinContactSync: false, mailboxes: [alice]}
    - {id: Quiet, linkedinContactSync: false, default: true}
  clientPolicy: {setting: DISABLED}
`

func TestPlanOrdersChangesSoNoOneLosesAccessOnTheWay(t *testing.T) {
	d, err := Decode([]byte(change))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(snapshot(), d)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range plan.Steps {
		got = append(got, string(s.Action)+" "+s.Resource+": "+strings.Join(s.Details, "; "))
	}
	want := []string{
		`create group sales: "Sales", SECURITY`,
		"create membership of users/bob in group pilot: ",
		"create membership of users/bob in group sales: ",
		"create membership of users/carol in group sales: ",
		// Default's own change (with its etag) comes before Quiet takes
		// the default from it.
		"change mailbox policy Default: linkedinContactSync on -> off",
		"create mailbox policy Quiet: linkedinContactSync off; becomes the default",
		"change mailbox of user alice: policy (the default) -> Default",
		`change linkedin settings: mode ENABLED -> SELECTED_GROUP; selectedGroup "" -> pilot`,
		"change client policy: setting NOT_CONFIGURED -> DISABLED",
		// Removals last: dana leaves pilot after bob joined it.
		"delete membership of users/dana in group pilot: ",
		"delete group old: its memberships end with it",
	}
	if !slices.Equal(got, want) {
		t.Errorf("plan:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if c, ch, del := plan.Counts(); c != 5 || ch != 4 || del != 2 {
		t.Errorf("counts %d/%d/%d, want 5 create, 4 change, 2 delete", c, ch, del)
	}
}

func TestApplySendsTheEtagsItSawAndStopsAtARefusal(t *testing.T) {
	d, err := Decode([]byte(change))
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot()
	plan, err := NewPlan(s, d)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakePolicy{}
	n, err := plan.Apply(t.Context(), f, s, nil)
	if err != nil || n != len(plan.Steps) {
		t.Fatalf("Apply = %d, %v; want all %d", n, err, len(plan.Steps))
	}
	want := []string{
		"CreateGroup sales",
		"AddGroupMember pilot users/bob etag=21",
		// The new group's etag is the one its creation answered, then
		// the one the first member's addition answered.
		"AddGroupMember sales users/bob etag=101",
		"AddGroupMember sales users/carol etag=103",
		"UpdateMailboxPolicy Default [linkedin_contact_sync_enabled etag] etag=5",
		"CreateMailboxPolicy Quiet sync=false default=true",
		`UpdateUser alice policy="Default" [mailbox_policy etag] etag=11`,
		"UpdateLinkedInSettings SELECTED_GROUP pilot etag=3",
		"UpdateClientPolicy DISABLED overrides=0 etag=4",
		// pilot's etag is the one bob's addition answered.
		"RemoveGroupMember pilot users/dana etag=102",
		"DeleteGroup old etag=23",
	}
	if !slices.Equal(f.calls, want) {
		t.Errorf("calls:\n  %s\nwant:\n  %s", strings.Join(f.calls, "\n  "), strings.Join(want, "\n  "))
	}

	refusing := &fakePolicy{failAt: 3}
	n, err = plan.Apply(t.Context(), refusing, s, nil)
	if status.Code(err) != codes.Aborted || n != 2 || len(refusing.calls) != 3 {
		t.Errorf("with the third call refused: Apply = %d, %v after %d calls; want 2 made, ABORTED, nothing after it", n, err, len(refusing.calls))
	}
	if err != nil && !strings.Contains(err.Error(), "create membership of users/bob in group sales") {
		t.Errorf("the error %q does not name the step", err)
	}
}

// fakeCounter counts 10 synced contacts per user.
type fakeCounter struct {
	contactsyncv1.ContactSyncServiceClient
	asked []string
	fail  bool
}

func (f *fakeCounter) CountSyncedContacts(_ context.Context, r *contactsyncv1.CountSyncedContactsRequest, _ ...grpc.CallOption) (*contactsyncv1.CountSyncedContactsResponse, error) {
	if f.fail {
		return nil, status.Error(codes.Unavailable, "contact-sync is down")
	}
	f.asked = append(f.asked, r.Users...)
	return &contactsyncv1.CountSyncedContactsResponse{Contacts: int64(10 * len(r.Users))}, nil
}

func TestImpactFollowsGroupsAndPoliciesAsTheDocumentLeavesThem(t *testing.T) {
	d, err := Decode([]byte(change))
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot()
	plan, err := NewPlan(s, d)
	if err != nil {
		t.Fatal(err)
	}
	counter := &fakeCounter{}
	plan.Assess(t.Context(), s, d, counter)
	i := plan.Impact
	// After: pilot holds core (alice) and bob; carol and dana lose access.
	if !slices.Equal(i.UsersLosing, []string{"carol", "dana"}) || len(i.UsersGaining) != 0 {
		t.Errorf("losing %v gaining %v, want carol and dana losing, no one gaining", i.UsersLosing, i.UsersGaining)
	}
	// alice (Default, now off) and bob (the new default Quiet, off) keep
	// access but lose sync.
	if !slices.Equal(i.ContactSyncStopped, []string{"alice", "bob"}) {
		t.Errorf("sync stopped for %v, want alice and bob", i.ContactSyncStopped)
	}
	slices.Sort(counter.asked)
	if !i.ContactsCounted || i.ContactsPurged != 40 || !slices.Equal(counter.asked, []string{"alice", "bob", "carol", "dana"}) {
		t.Errorf("purged %d (counted %v) asking for %v; want the 4 users' 40 contacts", i.ContactsPurged, i.ContactsCounted, counter.asked)
	}

	plan.Impact = Impact{}
	plan.Assess(t.Context(), s, d, &fakeCounter{fail: true})
	if plan.Impact.ContactsCounted || !strings.Contains(plan.Impact.CountError, "contact-sync is down") || len(plan.Impact.UsersLosing) != 2 {
		t.Errorf("with contact-sync down: %+v, want the rest of the impact and why contacts are not counted", plan.Impact)
	}
}

func TestPlanRefusesWhatTheTenantCannotHave(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"a user not in the directory", "mailboxes: [alice]", "mailboxes: [zed]", `/spec/mailboxPolicies/0/mailboxes/0: no user "zed"`},
		{"a member not in the directory", "[users/bob, users/carol]", "[users/bob, users/zed]", `/spec/groups/2/members/1: no user "zed"`},
		{"a renamed group", "displayName: Core", "displayName: Core team", `group "core" is "Core"`},
		{"another tenant", "tenant: contoso", "tenant: fabrikam", `for tenant "fabrikam", not "contoso"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Decode([]byte(strings.Replace(change, tc.from, tc.to, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := NewPlan(snapshot(), d); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewPlan: %v, want an error naming %q", err, tc.want)
			}
		})
	}
	// The tenant's own export plans as nothing.
	s := snapshot()
	d := s.Document(s.Settings.UpdateTime.AsTime())
	if plan, err := NewPlan(s, d); err != nil || len(plan.Steps) != 0 {
		t.Errorf("the snapshot's own document: %v steps, %v; want none", plan, err)
	}
}

// TestANestingTurnedRoundIsRemovedBeforeItIsAdded: core in pilot becomes
// pilot in core; adding first would be refused as a cycle on every apply.
func TestANestingTurnedRoundIsRemovedBeforeItIsAdded(t *testing.T) {
	d, err := Decode([]byte(strings.NewReplacer(
		"{id: pilot, displayName: Pilot, type: SECURITY, members: [groups/core, users/bob]}", "{id: pilot, displayName: Pilot, type: SECURITY, members: [users/bob]}",
		"{id: core, displayName: Core, type: SECURITY, members: [users/alice]}", "{id: core, displayName: Core, type: SECURITY, members: [users/alice, groups/pilot]}",
		"linkedin: {mode: SELECTED_GROUP, selectedGroup: pilot", "linkedin: {mode: SELECTED_GROUP, selectedGroup: core",
	).Replace(change)))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(snapshot(), d)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, s := range plan.Steps {
		at[s.Resource] = i
	}
	removal, ok1 := at["membership of groups/core in group pilot"]
	addition, ok2 := at["membership of groups/pilot in group core"]
	bob, ok3 := at["membership of users/bob in group pilot"]
	if !ok1 || !ok2 || !ok3 || removal > addition || bob > removal {
		t.Errorf("steps %v: want bob's addition first, then core out of pilot, then pilot into core", at)
	}
}
