package linkedinsim

import (
	"maps"
	"net/http"
	"slices"
)

// Connections are first-degree and symmetric: a connects to b exactly when
// b connects to a. Each change is written to both members' change feeds.

// connect links a and b. It reports false when they already were connected.
func (n *network) connect(a, b string) (bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.checkPair(a, b); err != nil {
		return false, err
	}
	if _, linked := n.links[a][b]; linked {
		return false, nil
	}
	n.linkLocked(a, b)
	return true, nil
}

// disconnect removes the connection of a and b. It reports false when they
// were not connected.
func (n *network) disconnect(a, b string) (bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.checkPair(a, b); err != nil {
		return false, err
	}
	if _, linked := n.links[a][b]; !linked {
		return false, nil
	}
	delete(n.links[a], b)
	delete(n.links[b], a)
	n.appendEventLocked(a, b)
	n.appendEventLocked(b, a)
	return true, nil
}

// linkLocked connects a and b, who exist and are not yet connected.
func (n *network) linkLocked(a, b string) {
	n.links[a][b] = struct{}{}
	n.links[b][a] = struct{}{}
	n.appendEventLocked(a, b)
	n.appendEventLocked(b, a)
}

func (n *network) checkPair(a, b string) error {
	if a == b {
		return failf(http.StatusBadRequest, errInvalidRequest, "a member cannot connect to themself (%s)", a)
	}
	for _, id := range []string{a, b} {
		if _, ok := n.members[id]; !ok {
			return failf(http.StatusNotFound, errNotFound, "no member %s", id)
		}
	}
	return nil
}

// connectionIDs returns the ids of id's connections, sorted.
func (n *network) connectionIDs(id string) []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.connectionIDsLocked(id)
}

func (n *network) connectionIDsLocked(id string) []string {
	return orEmpty(slices.Sorted(maps.Keys(n.links[id])))
}

// Connection degrees, as LinkedIn shows them next to a name.
const (
	degreeSelf   = 0 // the member is the viewer
	degreeFirst  = 1 // directly connected
	degreeSecond = 2 // not connected, but sharing a connection
	degreeThird  = 3 // anyone further away
)

// degreeLocked returns how far member is from viewer. A shared connection
// is found by walking the smaller of the two connection sets and probing
// the other, so the cost is the smaller degree, never a graph search.
func (n *network) degreeLocked(viewer, member string) int {
	if viewer == member {
		return degreeSelf
	}
	mine, theirs := n.links[viewer], n.links[member]
	if _, linked := mine[member]; linked {
		return degreeFirst
	}
	if len(theirs) < len(mine) {
		mine, theirs = theirs, mine
	}
	for c := range mine {
		if _, shared := theirs[c]; shared {
			return degreeSecond
		}
	}
	return degreeThird
}
