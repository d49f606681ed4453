package tenantconfig

import (
	"fmt"
	"slices"
	"strings"
)

// check applies the rules a schema cannot say: ids are unique, references
// name groups of the document, exactly one mailbox policy is the default,
// a mailbox is in one policy's list at most, and groups do not nest in a
// cycle. Users are checked against the directory when planning.
func (d *Document) check() error {
	var p []string
	groups := map[string]int{}
	for i, g := range d.Spec.Groups {
		if j, ok := groups[g.ID]; ok {
			p = append(p, fmt.Sprintf("/spec/groups/%d/id: %q is also group %d", i, g.ID, j))
		}
		groups[g.ID] = i
	}
	for i, g := range d.Spec.Groups {
		for k, m := range g.Members {
			if id, ok := strings.CutPrefix(m, "groups/"); ok {
				if _, known := groups[id]; !known {
					p = append(p, fmt.Sprintf("/spec/groups/%d/members/%d: group %q is not in the document's groups", i, k, id))
				}
			}
		}
	}
	if cycle := d.nestingCycle(); cycle != "" {
		p = append(p, "/spec/groups: groups nest in a cycle: "+cycle)
	}
	if l := d.Spec.LinkedIn; l.SelectedGroup != "" {
		if _, ok := groups[l.SelectedGroup]; !ok {
			p = append(p, fmt.Sprintf("/spec/linkedin/selectedGroup: group %q is not in the document's groups", l.SelectedGroup))
		}
	}
	policies := map[string]int{}
	mailboxes := map[string]string{}
	defaults := 0
	for i, mp := range d.Spec.MailboxPolicies {
		if j, ok := policies[mp.ID]; ok {
			p = append(p, fmt.Sprintf("/spec/mailboxPolicies/%d/id: %q is also policy %d", i, mp.ID, j))
		}
		policies[mp.ID] = i
		if mp.Default {
			defaults++
		}
		for k, user := range mp.Mailboxes {
			if other, ok := mailboxes[user]; ok {
				p = append(p, fmt.Sprintf("/spec/mailboxPolicies/%d/mailboxes/%d: %q is also in policy %q; a mailbox has one policy", i, k, user, other))
			}
			mailboxes[user] = mp.ID
		}
	}
	if defaults != 1 {
		p = append(p, fmt.Sprintf("/spec/mailboxPolicies: exactly one policy must be the default (default: true), not %d", defaults))
	}
	overridden := map[string]bool{}
	for i, o := range d.Spec.ClientPolicy.GroupOverrides {
		if _, ok := groups[o.Group]; !ok {
			p = append(p, fmt.Sprintf("/spec/clientPolicy/groupOverrides/%d/group: group %q is not in the document's groups", i, o.Group))
		}
		if overridden[o.Group] {
			p = append(p, fmt.Sprintf("/spec/clientPolicy/groupOverrides/%d/group: group %q is overridden twice", i, o.Group))
		}
		overridden[o.Group] = true
	}
	if len(p) > 0 {
		return &InvalidError{Problems: p}
	}
	return nil
}

// nestingCycle names a cycle of groups within groups ("a > b > a"), or ""
// when there is none.
func (d *Document) nestingCycle() string {
	children := map[string][]string{}
	for _, g := range d.Spec.Groups {
		for _, m := range g.Members {
			if id, ok := strings.CutPrefix(m, "groups/"); ok {
				children[g.ID] = append(children[g.ID], id)
			}
		}
	}
	const (
		unseen = iota
		open
		closed
	)
	state := map[string]int{}
	var path []string
	var visit func(string) string
	visit = func(g string) string {
		switch state[g] {
		case open:
			return strings.Join(append(slices.Clone(path[slices.Index(path, g):]), g), " > ")
		case closed:
			return ""
		}
		state[g] = open
		path = append(path, g)
		for _, c := range children[g] {
			if cycle := visit(c); cycle != "" {
				return cycle
			}
		}
		path = path[:len(path)-1]
		state[g] = closed
		return ""
	}
	for _, g := range d.Spec.Groups {
		if cycle := visit(g.ID); cycle != "" {
			return cycle
		}
	}
	return ""
}
