package storetest

import (
	"bytes"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// pending is a started authorization that expires at expires seconds.
func pending(stateHash string, expires int) *store.PendingAuthorization {
	return &store.PendingAuthorization{
		StateHash:    stateHash,
		Tenant:       "contoso",
		User:         "alice",
		Direction:    typev1.ConsentDirection_BIDIRECTIONAL,
		RedirectURI:  "https://app.contoso.example/settings?tab=linkedin&x=" + stateHash,
		BindingHash:  "binding-" + stateHash,
		CodeVerifier: []byte{0, 1, 2, 0xff, 'v', 0, 's', stateHash[0]},
		CreateTime:   at(expires - 600),
		ExpireTime:   at(expires),
	}
}

func createPending(t *testing.T, s store.Store, ps ...*store.PendingAuthorization) {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error {
		for _, p := range ps {
			if err := tx.CreatePending(t.Context(), p); err != nil {
				return err
			}
		}
		return nil
	})
}

// take takes stateHash, with the binding hash pending gives it, in a
// transaction of its own.
func take(t *testing.T, s store.Store, stateHash string) (*store.PendingAuthorization, error) {
	t.Helper()
	return takeFrom(t, s, stateHash, "binding-"+stateHash)
}

// takeFrom takes stateHash with bindingHash in a transaction of its own.
func takeFrom(t *testing.T, s store.Store, stateHash, bindingHash string) (*store.PendingAuthorization, error) {
	t.Helper()
	var p *store.PendingAuthorization
	err := s.Write(t.Context(), func(tx store.Tx) error {
		var err error
		p, err = tx.TakePending(t.Context(), stateHash, bindingHash)
		return err
	})
	return p, err
}

// wantPending fails the test unless got holds what want holds.
func wantPending(t *testing.T, what string, got, want *store.PendingAuthorization) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: got no authorization, want %+v", what, want)
		return
	}
	sqlstoretest.WantEqual(t, what+": state hash", got.StateHash, want.StateHash)
	sqlstoretest.WantEqual(t, what+": tenant", got.Tenant, want.Tenant)
	sqlstoretest.WantEqual(t, what+": user", got.User, want.User)
	sqlstoretest.WantEqual(t, what+": direction", got.Direction, want.Direction)
	sqlstoretest.WantEqual(t, what+": redirect uri", got.RedirectURI, want.RedirectURI)
	sqlstoretest.WantEqual(t, what+": binding hash", got.BindingHash, want.BindingHash)
	if !bytes.Equal(got.CodeVerifier, want.CodeVerifier) {
		t.Errorf("%s: code verifier: got %x, want %x", what, got.CodeVerifier, want.CodeVerifier)
	}
	wantTime(t, what+": create time", got.CreateTime, want.CreateTime)
	wantTime(t, what+": expire time", got.ExpireTime, want.ExpireTime)
}

func pendingCases() []testCase {
	return []testCase{
		{Name: "TakeOnce", Check: func(t *testing.T, s store.Store) {
			want := pending("hash-a", 600)
			other := pending("hash-b", 600)
			other.Tenant, other.User, other.Direction = "fabrikam", "bob", typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
			createPending(t, s, want, other)

			got, err := take(t, s, "hash-a")
			sqlstoretest.NoErr(t, "TakePending", err)
			wantPending(t, "TakePending", got, want)
			_, err = take(t, s, "hash-a")
			sqlstoretest.WantErr(t, "TakePending a second time", err, store.ErrNotFound)

			got, err = take(t, s, "hash-b")
			sqlstoretest.NoErr(t, "TakePending of the other authorization", err)
			wantPending(t, "the other authorization", got, other)
		}},
		{Name: "TakeOnceInOneTx", Check: func(t *testing.T, s store.Store) {
			createPending(t, s, pending("hash-a", 600))
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				if _, err := tx.TakePending(t.Context(), "hash-a", "binding-hash-a"); err != nil {
					return err
				}
				_, err := tx.TakePending(t.Context(), "hash-a", "binding-hash-a")
				sqlstoretest.WantErr(t, "TakePending twice in one transaction", err, store.ErrNotFound)
				return nil
			})
		}},
		{Name: "TakeMissing", Check: func(t *testing.T, s store.Store) {
			createPending(t, s, pending("hash-a", 600))
			_, err := take(t, s, "hash-unknown")
			sqlstoretest.WantErr(t, "TakePending of an unknown state", err, store.ErrNotFound)
			_, err = take(t, s, "HASH-A")
			sqlstoretest.WantErr(t, "TakePending of a state in other case", err, store.ErrNotFound)
			_, err = take(t, s, "hash-a")
			sqlstoretest.NoErr(t, "TakePending of the stored state after misses", err)
		}},
		{Name: "DuplicateStateHash", Check: func(t *testing.T, s store.Store) {
			first := pending("hash-a", 600)
			createPending(t, s, first)
			second := pending("hash-a", 900)
			second.User = "mallory"
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error { return tx.CreatePending(t.Context(), second) })
			sqlstoretest.WantErr(t, "CreatePending with a taken state hash", err, store.ErrAlreadyExists)
			got, err := take(t, s, "hash-a")
			sqlstoretest.NoErr(t, "TakePending", err)
			wantPending(t, "the first authorization after a refused duplicate", got, first)
		}},
		{Name: "AbsentVerifier", Check: func(t *testing.T, s store.Store) {
			none, empty := pending("hash-a", 600), pending("hash-b", 600)
			none.CodeVerifier, empty.CodeVerifier = nil, []byte{}
			createPending(t, s, none, empty)
			for _, hash := range []string{"hash-a", "hash-b"} {
				got, err := take(t, s, hash)
				sqlstoretest.NoErr(t, "TakePending", err)
				if got.CodeVerifier != nil {
					t.Errorf("%s: absent verifier read back as %#v, want nil", hash, got.CodeVerifier)
				}
			}
		}},
		{Name: "DeleteExpired", Check: func(t *testing.T, s store.Store) {
			createPending(t, s, pending("hash-10", 10), pending("hash-20", 20), pending("hash-21", 21), pending("hash-30", 30))
			deleteExpired := func(n int) int64 {
				t.Helper()
				var deleted int64
				sqlstoretest.Write(t, s, func(tx store.Tx) error {
					var err error
					deleted, err = tx.DeleteExpiredPending(t.Context(), at(n))
					return err
				})
				return deleted
			}
			// Expiring at the very moment is not yet expired.
			sqlstoretest.WantEqual(t, "DeleteExpiredPending at 20", deleteExpired(20), 1)
			sqlstoretest.WantEqual(t, "DeleteExpiredPending at 20 again", deleteExpired(20), 0)
			sqlstoretest.WantEqual(t, "DeleteExpiredPending at 29", deleteExpired(29), 2)

			for _, hash := range []string{"hash-10", "hash-20", "hash-21"} {
				_, err := take(t, s, hash)
				sqlstoretest.WantErr(t, "TakePending of an expired authorization ("+hash+")", err, store.ErrNotFound)
			}
			got, err := take(t, s, "hash-30")
			sqlstoretest.NoErr(t, "TakePending of the authorization still valid", err)
			wantPending(t, "the authorization still valid", got, pending("hash-30", 30))
		}},
	}
}
