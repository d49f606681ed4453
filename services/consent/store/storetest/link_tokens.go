package storetest

import (
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// refreshed is l with the tokens, expiry and scopes of a refresh.
func refreshed(l *store.Link) *store.Link {
	r := *l
	r.AccessToken, r.RefreshToken = []byte("sealed-access-refreshed"), []byte("sealed-refresh-refreshed")
	r.TokenExpiry = at(9000)
	r.Scopes = []string{"openid", "profile"}
	return &r
}

// updateTokens runs UpdateLinkTokens in a transaction of its own.
func updateTokens(t *testing.T, s store.Store, l *store.Link) error {
	t.Helper()
	return sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.UpdateLinkTokens(t.Context(), l) })
}

// linkTokenCases check that a token refresh changes the tokens, their
// expiry and the scopes, never the consent (direction, revision, times),
// and only on the link of the member refreshed.
func linkTokenCases() []testCase {
	return []testCase{
		{Name: "OnlyTheTokensChange", Check: func(t *testing.T, s store.Store) {
			before, bob := link("contoso", "alice", "m-alice"), link("contoso", "bob", "m-bob")
			putLinks(t, s, before, bob)
			update := refreshed(before)
			// Fields besides the tokens are not the store's to change here.
			update.Direction, update.Revision, update.UpdateTime, update.EverBidirectional = 0, 99, at(500), false
			sqlstoretest.NoErr(t, "UpdateLinkTokens", updateTokens(t, s, update))

			want := refreshed(before)
			got, err := s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "link after a token refresh", got, want)
			got, err = s.GetLink(t.Context(), "contoso", "bob")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "another user's link", got, bob)
			changed, err := s.LinksChangedAfter(t.Context(), "contoso", before.Revision)
			sqlstoretest.NoErr(t, "LinksChangedAfter", err)
			sqlstoretest.WantEqual(t, "links changed by a token refresh", len(changed), 0)
		}},
		{Name: "AbsentValues", Check: func(t *testing.T, s store.Store) {
			// A network that issued no refresh token and said no expiry.
			before := link("contoso", "alice", "m-alice")
			putLinks(t, s, before)
			want := refreshed(before)
			want.RefreshToken, want.TokenExpiry, want.Scopes = nil, time.Time{}, nil
			sqlstoretest.NoErr(t, "UpdateLinkTokens", updateTokens(t, s, want))
			got, err := s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "link after a refresh without refresh token, expiry or scopes", got, want)
			if got.RefreshToken != nil || !got.TokenExpiry.IsZero() {
				t.Errorf("absent values read back as %#v and %v", got.RefreshToken, got.TokenExpiry)
			}
		}},
		{Name: "LinkGoneOrReplaced", Check: func(t *testing.T, s store.Store) {
			// alice's link is now another member's; bob never connected.
			old := link("contoso", "alice", "m-alice")
			now := link("contoso", "alice", "m-alice-2")
			putLinks(t, s, now)
			sqlstoretest.WantErr(t, "UpdateLinkTokens of a member no longer linked", updateTokens(t, s, refreshed(old)), store.ErrNotFound)
			got, err := s.GetLink(t.Context(), "contoso", "alice")
			sqlstoretest.NoErr(t, "GetLink", err)
			wantLink(t, "the replacing link", got, now)
			sqlstoretest.WantErr(t, "UpdateLinkTokens of a user never connected",
				updateTokens(t, s, refreshed(link("contoso", "bob", "m-bob"))), store.ErrNotFound)
			sqlstoretest.WantErr(t, "UpdateLinkTokens in another tenant",
				updateTokens(t, s, refreshed(link("fabrikam", "alice", "m-alice-2"))), store.ErrNotFound)
		}},
	}
}
