package linkedinsim

import (
	"net/http"
	"slices"
)

// The change feed. Each member has a log; entry i (sequence number i+1)
// names a member whose entry in this member's connection list may have
// changed: they connected, disconnected, edited their profile or switched
// their visibility. The log records that something changed, never what: a
// reader reports each named member's current state, an upsert while still
// connected and visible, a tombstone otherwise. Deltas are therefore compact
// (ten edits of one member are one entry) and never stale.
//
// A position in the log is a sequence number, which is what sync tokens
// carry. Sequence numbers grow monotonically per member and are never
// reused within an epoch (see network.epoch).

// appendEventLocked records in owner's log that subject's entry changed.
func (n *network) appendEventLocked(owner, subject string) {
	n.feeds[owner] = append(n.feeds[owner], subject)
}

// touchLocked tells every connection of subject that subject's entry changed.
func (n *network) touchLocked(subject string) {
	for c := range n.links[subject] {
		n.appendEventLocked(c, subject)
	}
}

// feedHead returns the network's epoch and the newest sequence number of
// memberID's log (0 when empty).
func (n *network) feedHead(memberID string) (epoch, head uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.epoch, uint64(len(n.feeds[memberID]))
}

// feedWindow selects one page of a listing. A full listing covers every
// current connection; an incremental one the members named in the log after
// from up to and including upTo. Within a listing, entries are ordered by
// member id and a page starts after the last id of the previous one: keyset
// paging, so a connection removed between two pages does not shift the rest
// and make the reader skip one.
type feedWindow struct {
	memberID string
	epoch    uint64
	full     bool
	from     uint64
	upTo     uint64
	after    string
	limit    int
}

// feedPage is one page of a listing.
type feedPage struct {
	upserts    []Connection
	tombstones []string
	// last is the member id the next page starts after; more says whether
	// there is a next page.
	last string
	more bool
}

// readFeed reads the page w selects.
func (n *network) readFeed(w feedWindow) (feedPage, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if w.epoch != n.epoch {
		return feedPage{}, failf(http.StatusGone, errSyncTokenExpired,
			"the simulated network was reset since this token was issued; start a full resync without syncToken")
	}
	log := n.feeds[w.memberID]
	if w.from > w.upTo || w.upTo > uint64(len(log)) {
		return feedPage{}, failf(http.StatusBadRequest, errInvalidSyncToken, "the token points outside the change log")
	}
	var ids []string
	if w.full {
		ids = n.connectionIDsLocked(w.memberID)
	} else {
		ids = slices.Clone(log[w.from:w.upTo])
		slices.Sort(ids)
		ids = slices.Compact(ids)
	}
	start, _ := slices.BinarySearch(ids, w.after)
	if start < len(ids) && ids[start] == w.after {
		start++
	}
	ids = ids[start:]

	page := feedPage{upserts: []Connection{}, tombstones: []string{}}
	for len(ids) > 0 && len(page.upserts)+len(page.tombstones) < w.limit {
		id := ids[0]
		ids = ids[1:]
		page.last = id
		m := n.members[id]
		_, linked := n.links[w.memberID][id]
		switch {
		case linked && m.VisibleInMicrosoftApps:
			page.upserts = append(page.upserts, m.connectionEntry())
		case !w.full:
			page.tombstones = append(page.tombstones, id)
		}
	}
	page.more = len(ids) > 0
	return page, nil
}
