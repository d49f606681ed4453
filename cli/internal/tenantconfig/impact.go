package tenantconfig

import (
	"context"
	"slices"
	"strings"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// Impact is what the plan does to people: who loses or gains LinkedIn
// account connections by the tenant setting (with the groups as the
// document leaves them), whose LinkedIn contact sync a mailbox policy stops,
// and how many synced contacts will be purged.
type Impact struct {
	UsersLosing        []string `json:"usersLosing"`
	UsersGaining       []string `json:"usersGaining"`
	ContactSyncStopped []string `json:"contactSyncStopped"`
	ContactsPurged     int64    `json:"contactsPurged"`
	// ContactsCounted is false when contact-sync could not count them.
	ContactsCounted bool   `json:"contactsCounted"`
	CountError      string `json:"countError,omitempty"`
}

// countBatch is the most users CountSyncedContacts takes at once.
const countBatch = 1000

// Assess works out the plan's impact. count counts the synced contacts of
// users (contact-sync's CountSyncedContacts); when it fails the impact
// says so and the rest stands.
func (p *Plan) Assess(ctx context.Context, s *Snapshot, d *Document, count contactsyncv1.ContactSyncServiceClient) {
	before := allowed(s.Users, s.Settings.Mode.String(), s.Settings.SelectedGroup, currentMembers(s))
	after := allowed(s.Users, d.Spec.LinkedIn.Mode, d.Spec.LinkedIn.SelectedGroup, documentMembers(d))
	syncBefore := syncing(s.Users, currentPolicies(s), func(u *policyv1.User) string { return u.MailboxPolicy })
	assigned := desiredAssignments(d)
	syncAfter := syncing(s.Users, documentPolicies(d), func(u *policyv1.User) string { return assigned[u.Id] })

	var purged []string
	for _, id := range sortedKeys(s.Users) {
		switch {
		case before[id] && !after[id]:
			p.Impact.UsersLosing = append(p.Impact.UsersLosing, id)
		case !before[id] && after[id]:
			p.Impact.UsersGaining = append(p.Impact.UsersGaining, id)
		}
		if syncBefore[id] && !syncAfter[id] && after[id] {
			p.Impact.ContactSyncStopped = append(p.Impact.ContactSyncStopped, id)
		}
		if before[id] && syncBefore[id] && !(after[id] && syncAfter[id]) {
			purged = append(purged, id)
		}
	}
	p.Impact.ContactsCounted = true
	for chunk := range slices.Chunk(purged, countBatch) {
		resp, err := count.CountSyncedContacts(ctx, &contactsyncv1.CountSyncedContactsRequest{Tenant: s.Tenant, Users: chunk})
		if err != nil {
			p.Impact.ContactsCounted, p.Impact.ContactsPurged, p.Impact.CountError = false, 0, err.Error()
			return
		}
		p.Impact.ContactsPurged += resp.Contacts
	}
}

// allowed is who the tenant setting lets connect: everyone (ENABLED), the
// users in the selected group, directly or through nested groups
// (SELECTED_GROUP), or no one (DISABLED).
func allowed(users map[string]*policyv1.User, mode, selected string, members map[string][]string) map[string]bool {
	out := map[string]bool{}
	switch mode {
	case policyv1.LinkedInSettings_ENABLED.String():
		for id := range users {
			out[id] = true
		}
	case policyv1.LinkedInSettings_SELECTED_GROUP.String():
		seen := map[string]bool{}
		var walk func(group string)
		walk = func(group string) {
			if seen[group] {
				return
			}
			seen[group] = true
			for _, m := range members[group] {
				if id, ok := strings.CutPrefix(m, "users/"); ok && users[id] != nil {
					out[id] = true
				} else if g, ok := strings.CutPrefix(m, "groups/"); ok {
					walk(g)
				}
			}
		}
		walk(selected)
	}
	return out
}

// syncing is whose mailbox policy has LinkedIn contact sync on: their own
// policy's switch, or the default's.
func syncing(users map[string]*policyv1.User, policies map[string]policyState, policyOf func(*policyv1.User) string) map[string]bool {
	def := ""
	for id, p := range policies {
		if p.isDefault {
			def = id
		}
	}
	out := map[string]bool{}
	for id, u := range users {
		policy := policyOf(u)
		if _, ok := policies[policy]; !ok {
			policy = def
		}
		out[id] = policies[policy].sync
	}
	return out
}

type policyState struct{ sync, isDefault bool }

func currentPolicies(s *Snapshot) map[string]policyState {
	m := map[string]policyState{}
	for id, p := range s.Policies {
		m[id] = policyState{sync: p.GetLinkedinContactSyncEnabled(), isDefault: p.IsDefault}
	}
	return m
}

func documentPolicies(d *Document) map[string]policyState {
	m := map[string]policyState{}
	for _, p := range d.Spec.MailboxPolicies {
		m[p.ID] = policyState{sync: p.LinkedInContactSync, isDefault: p.Default}
	}
	return m
}

func currentMembers(s *Snapshot) map[string][]string {
	m := map[string][]string{}
	for id, g := range s.Groups {
		m[id] = g.Members
	}
	return m
}

func documentMembers(d *Document) map[string][]string {
	m := map[string][]string{}
	for _, g := range d.Spec.Groups {
		m[g.ID] = g.Members
	}
	return m
}
