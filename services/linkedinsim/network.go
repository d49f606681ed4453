package linkedinsim

import (
	"maps"
	"net/http"
	"slices"
	"sync"
)

// network is the simulated social network: members, the connections between
// them, each member's change-feed log and imported contacts. One mutex guards
// it all; the simulator favours obvious correctness over throughput.
type network struct {
	mu sync.Mutex
	// epoch counts resets of the network. Sync tokens carry it, so a token
	// from before a reset (whose positions point into a history that is
	// gone) gets 410 Gone and a full resync rather than wrong deltas.
	epoch   uint64
	members map[string]*Member
	// byEmail maps each verified email to its member id.
	byEmail map[string]string
	// links holds the symmetric connections: links[a][b] iff links[b][a].
	links map[string]map[string]struct{}
	// feeds holds each member's change log; see changefeed.go.
	feeds map[string][]string
	// imports holds the contacts clients imported for each member.
	imports map[string][]ImportedContact
	// events is the member-visibility feed; it outlives resets, which
	// append an event for every member they remove.
	events *memberEvents
}

func newNetwork(events *memberEvents) *network {
	n := &network{events: events}
	n.clearLocked()
	return n
}

// reset empties the network, starting a new epoch.
func (n *network) reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.clearLocked()
}

func (n *network) clearLocked() {
	for _, id := range slices.Sorted(maps.Keys(n.members)) {
		n.events.add(id, false, nil, n.members[id].VerifiedEmails)
	}
	n.epoch++
	n.members = map[string]*Member{}
	n.byEmail = map[string]string{}
	n.links = map[string]map[string]struct{}{}
	n.feeds = map[string][]string{}
	n.imports = map[string][]ImportedContact{}
}

// createMember adds a member built from a create request.
func (n *network) createMember(p *memberPatch) (*Member, error) {
	m := newMember(p)
	if err := m.validate(); err != nil {
		return nil, failf(http.StatusBadRequest, errInvalidRequest, "%v", err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, taken := n.members[m.ID]; taken {
		return nil, failf(http.StatusConflict, errConflict, "member %s already exists", m.ID)
	}
	if err := n.checkEmailsFree(m); err != nil {
		return nil, err
	}
	n.insertLocked(m)
	return m.clone(), nil
}

// updateMember applies a patch. Connections learn of the change through
// their feeds, since they carry this member's contact data and visibility.
func (n *network) updateMember(id string, p *memberPatch) (*Member, error) {
	if p.ID != nil && *p.ID != id {
		return nil, failf(http.StatusBadRequest, errInvalidRequest, "id cannot change (from %s to %s)", id, *p.ID)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	cur, ok := n.members[id]
	if !ok {
		return nil, failf(http.StatusNotFound, errNotFound, "no member %s", id)
	}
	next := cur.clone()
	p.applyTo(next)
	next.normalize()
	if err := next.validate(); err != nil {
		return nil, failf(http.StatusBadRequest, errInvalidRequest, "%v", err)
	}
	if err := n.checkEmailsFree(next); err != nil {
		return nil, err
	}
	for _, e := range cur.VerifiedEmails {
		delete(n.byEmail, e)
	}
	for _, e := range next.VerifiedEmails {
		n.byEmail[e] = id
	}
	n.members[id] = next
	if cur.VisibleInMicrosoftApps != next.VisibleInMicrosoftApps || !sameEmails(cur.VerifiedEmails, next.VerifiedEmails) {
		n.events.add(id, next.VisibleInMicrosoftApps, next.VerifiedEmails, cur.VerifiedEmails)
	}
	// A member hidden before and after the change is absent from every feed
	// either way: nothing to tell.
	if cur.VisibleInMicrosoftApps || next.VisibleInMicrosoftApps {
		n.touchLocked(id)
	}
	return next.clone(), nil
}

// deleteMember removes a member, their connections (whose feeds tell of it)
// and the contacts imported for them. Their own change log stays, so a
// member created again with the same id continues it.
func (n *network) deleteMember(id string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	m, ok := n.members[id]
	if !ok {
		return failf(http.StatusNotFound, errNotFound, "no member %s", id)
	}
	for c := range n.links[id] {
		delete(n.links[c], id)
		n.appendEventLocked(c, id)
	}
	delete(n.links, id)
	for _, e := range m.VerifiedEmails {
		delete(n.byEmail, e)
	}
	delete(n.members, id)
	delete(n.imports, id)
	n.events.add(id, false, nil, m.VerifiedEmails)
	return nil
}

// sameEmails reports whether a and b verify the same addresses, in any order.
func sameEmails(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// checkEmailsFree fails when another member already verified one of m's
// emails: an email finds at most one member.
func (n *network) checkEmailsFree(m *Member) error {
	for _, e := range m.VerifiedEmails {
		if owner, taken := n.byEmail[e]; taken && owner != m.ID {
			return failf(http.StatusConflict, errConflict, "email %s is verified by member %s", e, owner)
		}
	}
	return nil
}

// insertLocked stores a valid member whose id and emails are free, and
// tells the member-visibility feed.
func (n *network) insertLocked(m *Member) {
	n.members[m.ID] = m
	for _, e := range m.VerifiedEmails {
		n.byEmail[e] = m.ID
	}
	n.links[m.ID] = map[string]struct{}{}
	n.events.add(m.ID, m.VisibleInMicrosoftApps, m.VerifiedEmails, nil)
}

// member returns a copy of the member with id.
func (n *network) member(id string) (*Member, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	m, ok := n.members[id]
	if !ok {
		return nil, false
	}
	return m.clone(), true
}

// memberByEmail returns a copy of the member who verified email.
func (n *network) memberByEmail(email string) (*Member, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	id, ok := n.byEmail[normalizeEmail(email)]
	if !ok {
		return nil, false
	}
	return n.members[id].clone(), true
}

// profileByEmail returns a copy of the member who verified email and their
// degree from viewer, read under one lock so the two agree.
func (n *network) profileByEmail(viewer, email string) (*Member, int, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	id, ok := n.byEmail[normalizeEmail(email)]
	if !ok {
		return nil, 0, false
	}
	return n.members[id].clone(), n.degreeLocked(viewer, id), true
}

// allMembers returns copies of the members ordered by id, at most limit of
// them when limit > 0.
func (n *network) allMembers(limit int) []*Member {
	n.mu.Lock()
	defer n.mu.Unlock()
	ids := slices.Sorted(maps.Keys(n.members))
	if limit > 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	out := make([]*Member, len(ids))
	for i, id := range ids {
		out[i] = n.members[id].clone()
	}
	return out
}
