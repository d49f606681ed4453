// Package sqlstoretest is what the conformance suites of the SQL stores
// share: a fresh SQLite or PostgreSQL database for every case, the loop that
// runs the cases, write and assertion helpers, and the check that revisions
// commit in the order they are numbered.
package sqlstoretest

import "testing"

// Case is one behaviour of a store S, checked on a store of its own.
type Case[S any] struct {
	Name  string
	Check func(t *testing.T, s S)
}

// Group is a subtest whose subtests are its cases.
type Group[S any] struct {
	Name  string
	Cases []Case[S]
}

// Run checks every case of every group on a store that open returns. open
// must return a fresh, empty, migrated store and close it in a t.Cleanup of
// its own; it is called from parallel subtests.
func Run[S any](t *testing.T, open func(t *testing.T) S, groups ...Group[S]) {
	for _, g := range groups {
		t.Run(g.Name, func(t *testing.T) {
			for _, c := range g.Cases {
				t.Run(c.Name, func(t *testing.T) {
					t.Parallel()
					c.Check(t, open(t))
				})
			}
		})
	}
}
