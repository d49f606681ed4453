package decision_test

import (
	"fmt"
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/policy/decision"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// contoso is a public-cloud tenant: alice in pilot through pilot-core, bob
// on a mailbox policy with contact sync off, carol in no group.
func contoso() *store.Snapshot {
	return &store.Snapshot{
		Revision: 7,
		Tenant:   &policyv1.Tenant{Id: "contoso", Cloud: policyv1.Cloud_PUBLIC, DataLocation: "US"},
		LinkedIn: &policyv1.LinkedInSettings{},
		Client:   &policyv1.ClientPolicy{Setting: policyv1.ClientPolicy_NOT_CONFIGURED},
		ContactSync: map[string]bool{
			"OwaMailboxPolicy-Default": true, "no-sync": false,
		},
		DefaultMailboxPolicy: "OwaMailboxPolicy-Default",
		UserMailboxPolicy:    map[string]string{"alice": "", "bob": "no-sync", "carol": ""},
		Members: map[string][]store.Member{
			"pilot":      {{Kind: store.GroupMember, ID: "pilot-core"}},
			"pilot-core": {{Kind: store.UserMember, ID: "alice"}},
			"sales":      {{Kind: store.UserMember, ID: "bob"}, {Kind: store.UserMember, ID: "alice"}},
		},
	}
}

func decide(snap *store.Snapshot, user string, c policyv1.Capability, s policyv1.Surface) *policyv1.AccessDecision {
	return decision.Build(snap).Decide(user, c, s)
}

func TestDecisions(t *testing.T) {
	const (
		connect = policyv1.Capability_ACCOUNT_CONNECTION
		sync    = policyv1.Capability_CONTACT_SYNC
		share   = policyv1.Capability_SHARE_DATA_WITH_LINKEDIN
		web     = policyv1.Surface_WEB
		desktop = policyv1.Surface_DESKTOP
	)
	cases := []struct {
		name   string
		change func(*store.Snapshot)
		user   string
		cap    policyv1.Capability
		surf   policyv1.Surface
		want   policyv1.AccessReason
	}{
		{"default is allowed", nil, "carol", connect, web, policyv1.AccessReason_ALLOWED},
		{"government cloud", func(s *store.Snapshot) { s.Tenant.Cloud = policyv1.Cloud_US_GOVERNMENT }, "alice", connect, web, policyv1.AccessReason_UNAVAILABLE_IN_CLOUD},
		{"china cloud", func(s *store.Snapshot) { s.Tenant.Cloud = policyv1.Cloud_CHINA }, "nobody", connect, web, policyv1.AccessReason_UNAVAILABLE_IN_CLOUD},
		{"unknown user", nil, "dana", connect, web, policyv1.AccessReason_USER_NOT_FOUND},
		{"tenant says no", func(s *store.Snapshot) { s.LinkedIn.Mode = policyv1.LinkedInSettings_DISABLED }, "alice", connect, web, policyv1.AccessReason_DISABLED_BY_TENANT},
		{"DE defaults to no", func(s *store.Snapshot) { s.Tenant.DataLocation = "DE" }, "alice", connect, web, policyv1.AccessReason_DISABLED_BY_TENANT},
		{"FR defaults to no", func(s *store.Snapshot) { s.Tenant.DataLocation = "FR" }, "alice", connect, web, policyv1.AccessReason_DISABLED_BY_TENANT},
		{"DE admin may say yes", func(s *store.Snapshot) {
			s.Tenant.DataLocation = "DE"
			s.LinkedIn.Mode = policyv1.LinkedInSettings_ENABLED
		}, "alice", connect, web, policyv1.AccessReason_ALLOWED},
		{"nested member of selected group", selectPilot, "alice", connect, web, policyv1.AccessReason_ALLOWED},
		{"not in selected group", selectPilot, "carol", connect, web, policyv1.AccessReason_NOT_IN_SELECTED_GROUP},
		{"mailbox policy turns sync off", nil, "bob", sync, web, policyv1.AccessReason_CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY},
		{"mailbox policy does not block connecting", nil, "bob", connect, web, policyv1.AccessReason_ALLOWED},
		{"default mailbox policy syncs", nil, "carol", sync, web, policyv1.AccessReason_ALLOWED},
		{"default mailbox policy turned off", func(s *store.Snapshot) { s.ContactSync["OwaMailboxPolicy-Default"] = false }, "carol", sync, web, policyv1.AccessReason_CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY},
		{"direction capped", func(s *store.Snapshot) {
			s.LinkedIn.MaxConsentDirection = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
		}, "alice", share, web, policyv1.AccessReason_DIRECTION_LIMITED_BY_TENANT},
		{"direction cap leaves one-way alone", func(s *store.Snapshot) {
			s.LinkedIn.MaxConsentDirection = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
		}, "alice", connect, web, policyv1.AccessReason_ALLOWED},
		{"client policy hides desktop", clientDisabled, "alice", connect, desktop, policyv1.AccessReason_DISABLED_BY_CLIENT_POLICY},
		{"client policy leaves web alone", clientDisabled, "alice", connect, web, policyv1.AccessReason_ALLOWED},
		{"group override disables", func(s *store.Snapshot) {
			s.Client.GroupOverrides = []*policyv1.ClientPolicy_GroupOverride{{Group: "pilot", Setting: policyv1.ClientPolicy_DISABLED}}
		}, "alice", connect, desktop, policyv1.AccessReason_DISABLED_BY_CLIENT_POLICY},
		{"group override does not reach non-members", func(s *store.Snapshot) {
			s.Client.GroupOverrides = []*policyv1.ClientPolicy_GroupOverride{{Group: "pilot", Setting: policyv1.ClientPolicy_DISABLED}}
		}, "carol", connect, desktop, policyv1.AccessReason_ALLOWED},
		{"group override enables over tenant-wide disable", func(s *store.Snapshot) {
			clientDisabled(s)
			s.Client.GroupOverrides = []*policyv1.ClientPolicy_GroupOverride{{Group: "sales", Setting: policyv1.ClientPolicy_ENABLED}}
		}, "bob", connect, desktop, policyv1.AccessReason_ALLOWED},
		{"first denial wins: cloud before tenant", func(s *store.Snapshot) {
			s.Tenant.Cloud = policyv1.Cloud_GERMANY
			s.LinkedIn.Mode = policyv1.LinkedInSettings_DISABLED
		}, "alice", connect, web, policyv1.AccessReason_UNAVAILABLE_IN_CLOUD},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			snap := contoso()
			if c.change != nil {
				c.change(snap)
			}
			d := decide(snap, c.user, c.cap, c.surf)
			if d.Reason != c.want || d.Allowed != (c.want == policyv1.AccessReason_ALLOWED) {
				t.Fatalf("got %v (allowed %v), want %v", d.Reason, d.Allowed, c.want)
			}
			if d.Message == "" {
				t.Fatal("every decision explains itself")
			}
		})
	}
}

func selectPilot(s *store.Snapshot) {
	s.LinkedIn.Mode = policyv1.LinkedInSettings_SELECTED_GROUP
	s.LinkedIn.SelectedGroup = "pilot"
}

func clientDisabled(s *store.Snapshot) { s.Client.Setting = policyv1.ClientPolicy_DISABLED }

func TestEffectiveClientPolicy(t *testing.T) {
	snap := contoso()
	snap.Client.GroupOverrides = []*policyv1.ClientPolicy_GroupOverride{
		{Group: "sales", Setting: policyv1.ClientPolicy_ENABLED},
		{Group: "pilot", Setting: policyv1.ClientPolicy_DISABLED},
	}
	m := decision.Build(snap)
	cases := map[string]struct {
		setting   policyv1.ClientPolicy_Setting
		source    string
		mayChange bool
	}{
		"alice": {policyv1.ClientPolicy_DISABLED, "pilot", false}, // in both: DISABLED wins
		"bob":   {policyv1.ClientPolicy_ENABLED, "sales", false},
		"carol": {policyv1.ClientPolicy_NOT_CONFIGURED, "", true},
	}
	for user, want := range cases {
		got := m.Decide(user, policyv1.Capability_PROFILE_ENRICHMENT, policyv1.Surface_DESKTOP).ClientPolicy
		if got.Setting != want.setting || got.SourceGroup != want.source || got.UserMayChange != want.mayChange {
			t.Errorf("%s: got %v, want %+v", user, got, want)
		}
	}
	if web := m.Decide("alice", policyv1.Capability_PROFILE_ENRICHMENT, policyv1.Surface_WEB); web.ClientPolicy != nil {
		t.Error("the client policy is reported for the desktop surface only")
	}
}

func TestDeepNestingAndCycles(t *testing.T) {
	snap := contoso()
	// g0 ⊃ g1 ⊃ ... ⊃ g9 ⊃ dave, plus a cycle g9 -> g0 that must not hang.
	for i := 0; i < 10; i++ {
		next := store.Member{Kind: store.GroupMember, ID: fmt.Sprintf("g%d", i+1)}
		if i == 9 {
			next = store.Member{Kind: store.UserMember, ID: "dave"}
		}
		snap.Members[fmt.Sprintf("g%d", i)] = []store.Member{next}
	}
	snap.Members["g9"] = append(snap.Members["g9"], store.Member{Kind: store.GroupMember, ID: "g0"})
	snap.UserMailboxPolicy["dave"] = ""
	snap.LinkedIn.Mode, snap.LinkedIn.SelectedGroup = policyv1.LinkedInSettings_SELECTED_GROUP, "g0"
	if d := decide(snap, "dave", policyv1.Capability_ACCOUNT_CONNECTION, policyv1.Surface_WEB); !d.Allowed {
		t.Fatalf("dave, ten groups deep, got %v", d.Reason)
	}
}

func TestResolveLinkedInSaysWhereValuesCameFrom(t *testing.T) {
	tenant := &policyv1.Tenant{Cloud: policyv1.Cloud_PUBLIC, DataLocation: "FR"}
	got := decision.ResolveLinkedIn(tenant, &policyv1.LinkedInSettings{MaxConsentDirection: typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION})
	if got.Mode != policyv1.LinkedInSettings_DISABLED || got.ModeSource != typev1.ValueSource_DEFAULT {
		t.Errorf("mode = %v from %v, want DISABLED from DEFAULT", got.Mode, got.ModeSource)
	}
	if got.MaxConsentDirection != typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION || got.MaxConsentDirectionSource != typev1.ValueSource_ADMIN {
		t.Errorf("direction = %v from %v", got.MaxConsentDirection, got.MaxConsentDirectionSource)
	}
	if !got.Available {
		t.Error("public cloud is available")
	}
}

func TestPreviewCountsGainsAndLosses(t *testing.T) {
	now := contoso()
	after := contoso()
	selectPilot(after)
	p := decision.Preview(decision.Build(now), decision.Build(after))
	if p.TotalUsers != 3 || p.AllowedNow != 3 || p.AllowedAfter != 1 || p.UsersLosing != 2 || p.UsersGaining != 0 {
		t.Fatalf("preview = %v", p)
	}
	if len(p.SampleLosing) != 2 || p.SampleLosing[0] != "bob" || p.SampleLosing[1] != "carol" {
		t.Fatalf("losing sample = %v", p.SampleLosing)
	}
	back := decision.Preview(decision.Build(after), decision.Build(now))
	if back.UsersGaining != 2 || back.UsersLosing != 0 {
		t.Fatalf("reverse preview = %v", back)
	}
}
