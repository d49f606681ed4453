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
