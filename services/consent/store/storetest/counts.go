package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// linkTo is a link with the given direction.
func linkTo(tenant, user string, direction typev1.ConsentDirection) *store.Link {
	l := link(tenant, user, "m-"+user)
	l.Direction = direction
	return l
}

// wantCounts fails the test unless the tenant's counts are want.
func wantCounts(t *testing.T, s store.Store, what, tenant string, want store.Counts) {
	t.Helper()
	got, err := s.CountLinks(t.Context(), tenant)
	sqlstoretest.NoErr(t, "CountLinks", err)
	sqlstoretest.WantEqual(t, what, got, want)
}

func countCases() []testCase {
	const both, toOrg = typev1.ConsentDirection_BIDIRECTIONAL, typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
	return []testCase{
		{Name: "Empty", Check: func(t *testing.T, s store.Store) {
			wantCounts(t, s, "counts of an empty store", "contoso", store.Counts{})
		}},
		{Name: "ByDirection", Check: func(t *testing.T, s store.Store) {
			putLinks(t, s,
				linkTo("contoso", "alice", both), linkTo("contoso", "bob", toOrg), linkTo("contoso", "carol", both),
				linkTo("contoso", "dave", both), linkTo("contoso", "erin", toOrg),
				linkTo("fabrikam", "frank", toOrg))
			wantCounts(t, s, "contoso's counts", "contoso", store.Counts{Total: 5, Bidirectional: 3, LinkedInToOrganization: 2})
			wantCounts(t, s, "fabrikam's counts", "fabrikam", store.Counts{Total: 1, LinkedInToOrganization: 1})
			wantCounts(t, s, "counts of a tenant without links", "northwind", store.Counts{})

			// A downgrade and a disconnection move the counts.
			putLinks(t, s, linkTo("contoso", "alice", toOrg))
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.DeleteLink(t.Context(), "contoso", "carol") })
			wantCounts(t, s, "contoso's counts after changes", "contoso", store.Counts{Total: 4, Bidirectional: 1, LinkedInToOrganization: 3})
		}},
	}
}
