package tenantconfig

import (
	"fmt"
	"slices"
	"strings"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/protobuf/proto"
)

// Action is what a step does to its resource.
type Action string

const (
	Create Action = "create"
	Change Action = "change"
	Delete Action = "delete"
)

// Step is one change of the plan: one call to the policy service.
type Step struct {
	Action   Action   `json:"action"`
	Resource string   `json:"resource"`
	Details  []string `json:"details,omitempty"`
	// call makes the change; it is given the etags seen so far (its own
	// earlier changes included) and records the ones it makes.
	call func(c *caller) error
}

// Plan is what apply does to make a tenant match a document, in order:
// what is created or added comes before what refers to it, and what is
// removed or deleted after what stops referring to it, so no one loses
// access for a moment on the way (a member moving between groups is added
// before being removed). The one exception is a nesting turned round,
// which must lose its old direction before it takes the new one.
type Plan struct {
	Tenant string  `json:"tenant"`
	Steps  []*Step `json:"steps"`
	Impact Impact  `json:"impact"`
}

// Counts says how many steps create, change and delete.
func (p *Plan) Counts() (create, change, del int) {
	for _, s := range p.Steps {
		switch s.Action {
		case Create:
			create++
		case Change:
			change++
		case Delete:
			del++
		}
	}
	return
}

// NewPlan compares the tenant (s) with the document (d). Users the document
// names must be in the directory; groups cannot be renamed, retyped or
// redescribed (the API has no call for it), so such a difference is refused
// rather than planned as a delete and create that would drop its members.
func NewPlan(s *Snapshot, d *Document) (*Plan, error) {
	if d.Metadata.Tenant != s.Tenant {
		return nil, fmt.Errorf("the document is for tenant %q, not %q", d.Metadata.Tenant, s.Tenant)
	}
	if err := checkAgainst(s, d); err != nil {
		return nil, err
	}
	b := &builder{s: s, d: d, plan: &Plan{Tenant: s.Tenant}}
	b.createGroups()
	deferred := b.addMembers()
	b.mailboxPolicies()
	b.assignMailboxes()
	b.linkedInSettings()
	b.clientPolicy()
	b.removeMembers()
	b.plan.Steps = append(b.plan.Steps, deferred...)
	b.deletePolicies()
	b.deleteGroups()
	return b.plan, nil
}

// checkAgainst refuses what the document names and the tenant cannot have.
func checkAgainst(s *Snapshot, d *Document) error {
	var p []string
	for i, g := range d.Spec.Groups {
		for k, m := range g.Members {
			if id, ok := strings.CutPrefix(m, "users/"); ok && s.Users[id] == nil {
				p = append(p, fmt.Sprintf("/spec/groups/%d/members/%d: no user %q in tenant %s", i, k, id, s.Tenant))
			}
		}
		if cur := s.Groups[g.ID]; cur != nil {
			if cur.Group.DisplayName != g.DisplayName || cur.Group.Description != g.Description || cur.Group.Type.String() != g.Type {
				p = append(p, fmt.Sprintf("/spec/groups/%d: group %q is %q (%s, %q) in the tenant; a group's name, type and description are set when it is created, so write them as they are",
					i, g.ID, cur.Group.DisplayName, cur.Group.Type, cur.Group.Description))
			}
		}
	}
	for i, mp := range d.Spec.MailboxPolicies {
		for k, user := range mp.Mailboxes {
			if s.Users[user] == nil {
				p = append(p, fmt.Sprintf("/spec/mailboxPolicies/%d/mailboxes/%d: no user %q in tenant %s", i, k, user, s.Tenant))
			}
		}
	}
	if len(p) > 0 {
		return &InvalidError{Problems: p}
	}
	return nil
}

type builder struct {
	s    *Snapshot
	d    *Document
	plan *Plan
}

func (b *builder) add(step *Step) { b.plan.Steps = append(b.plan.Steps, step) }

func (b *builder) desiredGroups() map[string]Group {
	m := map[string]Group{}
	for _, g := range b.d.Spec.Groups {
		m[g.ID] = g
	}
	return m
}

func (b *builder) createGroups() {
	for _, g := range b.d.Spec.Groups {
		if b.s.Groups[g.ID] != nil {
			continue
		}
		group := &policyv1.Group{Id: g.ID, DisplayName: g.DisplayName, Type: policyv1.GroupType(policyv1.GroupType_value[g.Type]), Description: g.Description}
		b.add(&Step{Action: Create, Resource: "group " + g.ID, Details: []string{fmt.Sprintf("%q, %s", g.DisplayName, g.Type)},
			call: func(c *caller) error { return c.createGroup(group) }})
	}
}

// addMembers plans the new memberships. One that would close a cycle
// with the nesting as it stands (the document turns a nesting round:
// a in b becomes b in a) is returned to come after the removals, which
// open the way; the others come first.
func (b *builder) addMembers() (deferred []*Step) {
	nesting := map[string][]string{} // group -> the groups directly in it
	for id, g := range b.s.Groups {
		for _, m := range g.Members {
			if child, ok := strings.CutPrefix(m, "groups/"); ok {
				nesting[id] = append(nesting[id], child)
			}
		}
	}
	for _, g := range b.d.Spec.Groups {
		var current []string
		if cur := b.s.Groups[g.ID]; cur != nil {
			current = cur.Members
		}
		for _, m := range g.Members {
			if slices.Contains(current, m) {
				continue
			}
			group, member := g.ID, m
			step := &Step{Action: Create, Resource: "membership of " + m + " in group " + g.ID,
				call: func(c *caller) error { return c.changeMember(group, member, true) }}
			child, isGroup := strings.CutPrefix(m, "groups/")
			if isGroup && reaches(nesting, child, group) {
				deferred = append(deferred, step)
				continue
			}
			if isGroup {
				nesting[group] = append(nesting[group], child)
			}
			b.add(step)
		}
	}
	return deferred
}

// reaches reports whether group to is group from or nested in it.
func reaches(nesting map[string][]string, from, to string) bool {
	seen := map[string]bool{}
	var walk func(string) bool
	walk = func(g string) bool {
		if g == to {
			return true
		}
		if seen[g] {
			return false
		}
		seen[g] = true
		return slices.ContainsFunc(nesting[g], walk)
	}
	return walk(from)
}

func (b *builder) removeMembers() {
	desired := b.desiredGroups()
	for _, id := range sortedKeys(b.s.Groups) {
		g, ok := desired[id]
		if !ok {
			continue // the group goes, its memberships with it
		}
		for _, m := range slices.Sorted(slices.Values(b.s.Groups[id].Members)) {
			if !slices.Contains(g.Members, m) {
				group, member := id, m
				b.add(&Step{Action: Delete, Resource: "membership of " + m + " in group " + id,
					call: func(c *caller) error { return c.changeMember(group, member, false) }})
			}
		}
	}
}

func (b *builder) deleteGroups() {
	desired := b.desiredGroups()
	for _, id := range sortedKeys(b.s.Groups) {
		if _, ok := desired[id]; !ok {
			group := id
			b.add(&Step{Action: Delete, Resource: "group " + id, Details: []string{"its memberships end with it"},
				call: func(c *caller) error { return c.deleteGroup(group) }})
		}
	}
}

// mailboxPolicies changes and creates policies; the policy that becomes
// the default comes last, since taking the default changes the old
// default too (whose own changes, with its etag, must come first).
func (b *builder) mailboxPolicies() {
	var last *Step
	for _, mp := range b.d.Spec.MailboxPolicies {
		cur := b.s.Policies[mp.ID]
		if cur == nil {
			p := &policyv1.MailboxPolicy{Id: mp.ID, LinkedinContactSyncEnabled: proto.Bool(mp.LinkedInContactSync), IsDefault: mp.Default}
			details := []string{"linkedinContactSync " + onOff(mp.LinkedInContactSync)}
			if mp.Default {
				details = append(details, "becomes the default")
			}
			step := &Step{Action: Create, Resource: "mailbox policy " + mp.ID, Details: details, call: func(c *caller) error { return c.createPolicy(p) }}
			if mp.Default {
				last = step
			} else {
				b.add(step)
			}
			continue
		}
		var details, paths []string
		update := &policyv1.MailboxPolicy{Id: mp.ID, Etag: cur.Etag}
		if cur.GetLinkedinContactSyncEnabled() != mp.LinkedInContactSync {
			details = append(details, fmt.Sprintf("linkedinContactSync %s -> %s", onOff(cur.GetLinkedinContactSyncEnabled()), onOff(mp.LinkedInContactSync)))
			update.LinkedinContactSyncEnabled = proto.Bool(mp.LinkedInContactSync)
			paths = append(paths, "linkedin_contact_sync_enabled")
		}
		becomesDefault := mp.Default && !cur.IsDefault
		if becomesDefault {
			details = append(details, "becomes the default")
			update.IsDefault = true
			paths = append(paths, "is_default")
		}
		if len(paths) == 0 {
			continue
		}
		step := &Step{Action: Change, Resource: "mailbox policy " + mp.ID, Details: details,
			call: func(c *caller) error { return c.updatePolicy(update, paths) }}
		if becomesDefault {
			last = step
		} else {
			b.add(step)
		}
	}
	if last != nil {
		b.add(last)
	}
}

func (b *builder) deletePolicies() {
	desired := map[string]bool{}
	for _, mp := range b.d.Spec.MailboxPolicies {
		desired[mp.ID] = true
	}
	for _, id := range sortedKeys(b.s.Policies) {
		if !desired[id] {
			policy := id
			b.add(&Step{Action: Delete, Resource: "mailbox policy " + id, Details: []string{"its mailboxes follow the default"},
				call: func(c *caller) error { return c.deletePolicy(policy) }})
		}
	}
}

// assignMailboxes gives each user the policy the document lists them
// under, or none (the default).
func (b *builder) assignMailboxes() {
	desired := desiredAssignments(b.d)
	for _, id := range sortedKeys(b.s.Users) {
		u := b.s.Users[id]
		want := desired[id]
		if u.MailboxPolicy == want {
			continue
		}
		user, etag := id, u.Etag
		b.add(&Step{Action: Change, Resource: "mailbox of user " + id,
			Details: []string{fmt.Sprintf("policy %s -> %s", policyName(u.MailboxPolicy), policyName(want))},
			call:    func(c *caller) error { return c.assign(user, want, etag) }})
	}
}

func desiredAssignments(d *Document) map[string]string {
	m := map[string]string{}
	for _, mp := range d.Spec.MailboxPolicies {
		for _, u := range mp.Mailboxes {
			m[u] = mp.ID
		}
	}
	return m
}

func policyName(id string) string {
	if id == "" {
		return "(the default)"
	}
	return id
}

func (b *builder) linkedInSettings() {
	cur, want := b.s.Settings, b.d.Spec.LinkedIn
	next := &policyv1.LinkedInSettings{
		Mode:                policyv1.LinkedInSettings_Mode(policyv1.LinkedInSettings_Mode_value[want.Mode]),
		SelectedGroup:       want.SelectedGroup,
		MaxConsentDirection: typev1.ConsentDirection(typev1.ConsentDirection_value[want.MaxConsentDirection]),
		Etag:                cur.Etag,
	}
	var details []string
	if cur.Mode != next.Mode {
		details = append(details, fmt.Sprintf("mode %s -> %s", cur.Mode, next.Mode))
	}
	if cur.SelectedGroup != next.SelectedGroup {
		details = append(details, fmt.Sprintf("selectedGroup %s -> %s", quoted(cur.SelectedGroup), quoted(next.SelectedGroup)))
	}
	if cur.MaxConsentDirection != next.MaxConsentDirection {
		details = append(details, fmt.Sprintf("maxConsentDirection %s -> %s", cur.MaxConsentDirection, next.MaxConsentDirection))
	}
	if len(details) == 0 {
		return
	}
	b.add(&Step{Action: Change, Resource: "linkedin settings", Details: details, call: func(c *caller) error { return c.updateSettings(next) }})
}

func (b *builder) clientPolicy() {
	cur, want := b.s.ClientPolicy, b.d.Spec.ClientPolicy
	next := &policyv1.ClientPolicy{Setting: policyv1.ClientPolicy_Setting(policyv1.ClientPolicy_Setting_value[want.Setting]), Etag: cur.Etag}
	for _, o := range want.GroupOverrides {
		next.GroupOverrides = append(next.GroupOverrides, &policyv1.ClientPolicy_GroupOverride{
			Group: o.Group, Setting: policyv1.ClientPolicy_Setting(policyv1.ClientPolicy_Setting_value[o.Setting]),
		})
	}
	var details []string
	if cur.Setting != next.Setting {
		details = append(details, fmt.Sprintf("setting %s -> %s", cur.Setting, next.Setting))
	}
	if overrides(cur) != overrides(next) {
		details = append(details, fmt.Sprintf("groupOverrides [%s] -> [%s]", overrides(cur), overrides(next)))
	}
	if len(details) == 0 {
		return
	}
	b.add(&Step{Action: Change, Resource: "client policy", Details: details, call: func(c *caller) error { return c.updateClientPolicy(next) }})
}

func overrides(p *policyv1.ClientPolicy) string {
	var o []string
	for _, g := range p.GroupOverrides {
		o = append(o, g.Group+"="+g.Setting.String())
	}
	return strings.Join(o, ", ")
}

func quoted(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
