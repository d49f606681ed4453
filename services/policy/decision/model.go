// Package decision answers "may this user use this capability on this
// surface?" from an in-memory model of one tenant's policy, built from a
// store snapshot. Building walks nested groups once, so each decision is a
// few map lookups.
package decision

import (
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// Model is one tenant's policy at one revision. It is immutable.
type Model struct {
	revision  int64
	available bool
	settings  *policyv1.LinkedInSettings // defaults resolved
	// selected holds the users of the selected group, nested members included.
	selected       map[string]bool
	users          map[string]string // user -> assigned mailbox policy
	contactSync    map[string]bool
	defaultMailbox string
	clientSetting  policyv1.ClientPolicy_Setting
	overrides      []override
}

type override struct {
	group   string
	setting policyv1.ClientPolicy_Setting
	users   map[string]bool
}

// Build makes the model of a snapshot.
func Build(snap *store.Snapshot) *Model {
	m := &Model{
		revision:       snap.Revision,
		available:      Available(snap.Tenant),
		settings:       ResolveLinkedIn(snap.Tenant, snap.LinkedIn),
		users:          snap.UserMailboxPolicy,
		contactSync:    snap.ContactSync,
		defaultMailbox: snap.DefaultMailboxPolicy,
		clientSetting:  snap.Client.GetSetting(),
	}
	if m.settings.Mode == policyv1.LinkedInSettings_SELECTED_GROUP {
		m.selected = usersIn(snap.Members, m.settings.SelectedGroup)
	}
	for _, o := range snap.Client.GetGroupOverrides() {
		m.overrides = append(m.overrides, override{group: o.Group, setting: o.Setting, users: usersIn(snap.Members, o.Group)})
	}
	return m
}

// Revision is the change-log revision the model reflects.
func (m *Model) Revision() int64 { return m.revision }

// HasUser reports whether the user is in the directory.
func (m *Model) HasUser(user string) bool {
	_, ok := m.users[user]
	return ok
}

// Users returns every user id of the tenant, unordered.
func (m *Model) Users() []string {
	out := make([]string, 0, len(m.users))
	for u := range m.users {
		out = append(out, u)
	}
	return out
}

// usersIn returns the users in group at any depth. Visited groups are
// skipped, so even a cycle (which the service refuses) cannot loop.
func usersIn(members map[string][]store.Member, group string) map[string]bool {
	users := map[string]bool{}
	seen := map[string]bool{group: true}
	queue := []string{group}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, mem := range members[g] {
			switch {
			case mem.Kind == store.UserMember:
				users[mem.ID] = true
			case !seen[mem.ID]:
				seen[mem.ID] = true
				queue = append(queue, mem.ID)
			}
		}
	}
	return users
}

// Decide answers for one user. Rules apply in the order of AccessReason;
// the first that denies wins.
func (m *Model) Decide(user string, capability policyv1.Capability, surface policyv1.Surface) *policyv1.AccessDecision {
	reason, client := m.Reason(user, capability, surface)
	return &policyv1.AccessDecision{
		User: user, Allowed: reason == policyv1.AccessReason_ALLOWED, Reason: reason, Message: Explain(reason), ClientPolicy: client,
	}
}

// Reason is Decide's reason, and the client policy in force for the DESKTOP
// surface (nil for others), for callers that build their own answer.
func (m *Model) Reason(user string, capability policyv1.Capability, surface policyv1.Surface) (policyv1.AccessReason, *policyv1.EffectiveClientPolicy) {
	var client *policyv1.EffectiveClientPolicy
	if surface == policyv1.Surface_DESKTOP {
		client = m.clientPolicyFor(user)
	}
	return m.reason(user, capability, surface, client), client
}

func (m *Model) reason(user string, capability policyv1.Capability, surface policyv1.Surface, client *policyv1.EffectiveClientPolicy) policyv1.AccessReason {
	switch {
	case !m.available:
		return policyv1.AccessReason_UNAVAILABLE_IN_CLOUD
	case !m.HasUser(user):
		return policyv1.AccessReason_USER_NOT_FOUND
	case m.settings.Mode == policyv1.LinkedInSettings_DISABLED:
		return policyv1.AccessReason_DISABLED_BY_TENANT
	case m.settings.Mode == policyv1.LinkedInSettings_SELECTED_GROUP && !m.selected[user]:
		return policyv1.AccessReason_NOT_IN_SELECTED_GROUP
	case capability == policyv1.Capability_CONTACT_SYNC && !m.contactSyncEnabled(user):
		return policyv1.AccessReason_CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY
	case capability == policyv1.Capability_SHARE_DATA_WITH_LINKEDIN &&
		m.settings.MaxConsentDirection == typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION:
		return policyv1.AccessReason_DIRECTION_LIMITED_BY_TENANT
	case client != nil && client.Setting == policyv1.ClientPolicy_DISABLED:
		return policyv1.AccessReason_DISABLED_BY_CLIENT_POLICY
	default:
		return policyv1.AccessReason_ALLOWED
	}
}

func (m *Model) contactSyncEnabled(user string) bool {
	policy := m.users[user]
	if _, ok := m.contactSync[policy]; !ok {
		policy = m.defaultMailbox
	}
	return m.contactSync[policy]
}

// clientPolicyFor applies group overrides before the tenant-wide value; among
// overrides, DISABLED wins over ENABLED.
func (m *Model) clientPolicyFor(user string) *policyv1.EffectiveClientPolicy {
	eff := &policyv1.EffectiveClientPolicy{Setting: m.clientSetting}
	if eff.Setting == policyv1.ClientPolicy_SETTING_UNSPECIFIED {
		eff.Setting = policyv1.ClientPolicy_NOT_CONFIGURED
	}
	var enabledBy string
	for _, o := range m.overrides {
		if !o.users[user] {
			continue
		}
		if o.setting == policyv1.ClientPolicy_DISABLED {
			eff.Setting, eff.SourceGroup = policyv1.ClientPolicy_DISABLED, o.group
			break
		}
		if enabledBy == "" {
			enabledBy = o.group
		}
	}
	if eff.SourceGroup == "" && enabledBy != "" {
		eff.Setting, eff.SourceGroup = policyv1.ClientPolicy_ENABLED, enabledBy
	}
	eff.UserMayChange = eff.Setting == policyv1.ClientPolicy_NOT_CONFIGURED
	return eff
}
