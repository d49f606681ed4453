package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/services/consent/store"
)

// pendingBindingCases hold TakePending to the browser binding: a callback
// from another browser must not use up the state of the one that started.
func pendingBindingCases() []testCase {
	return []testCase{
		{Name: "OtherBrowserLeavesItForTheRightOne", Check: func(t *testing.T, s store.Store) {
			want := pending("hash-a", 600)
			createPending(t, s, want)
			for _, binding := range []string{"binding-other", "", "BINDING-HASH-A", "binding-hash-b"} {
				_, err := takeFrom(t, s, "hash-a", binding)
				sqlstoretest.WantErr(t, "TakePending with binding hash "+binding, err, store.ErrOtherBrowser)
			}
			got, err := take(t, s, "hash-a")
			sqlstoretest.NoErr(t, "TakePending with its own binding after other browsers tried", err)
			wantPending(t, "the authorization after other browsers tried", got, want)
		}},
		{Name: "UnknownStateIsNotFoundWhateverTheBinding", Check: func(t *testing.T, s store.Store) {
			createPending(t, s, pending("hash-a", 600))
			_, err := takeFrom(t, s, "hash-unknown", "binding-hash-a")
			sqlstoretest.WantErr(t, "TakePending of an unknown state with a known binding", err, store.ErrNotFound)
			_, err = takeFrom(t, s, "hash-unknown", "")
			sqlstoretest.WantErr(t, "TakePending of an unknown state with no binding", err, store.ErrNotFound)
		}},
		{Name: "NoBindingMatchesNone", Check: func(t *testing.T, s store.Store) {
			// An authorization stored without a binding can never be taken:
			// no browser proves it started it.
			unbound := pending("hash-a", 600)
			unbound.BindingHash = ""
			createPending(t, s, unbound)
			_, err := takeFrom(t, s, "hash-a", "")
			sqlstoretest.WantErr(t, "TakePending of an unbound authorization with no binding", err, store.ErrOtherBrowser)
		}},
		{Name: "OtherBrowserInTheSameTxThenTheRightOne", Check: func(t *testing.T, s store.Store) {
			// The refusal reads after a statement that found nothing: the
			// transaction must go on (PostgreSQL aborts one after an error).
			createPending(t, s, pending("hash-a", 600))
			sqlstoretest.Write(t, s, func(tx store.Tx) error {
				_, err := tx.TakePending(t.Context(), "hash-a", "binding-other")
				sqlstoretest.WantErr(t, "TakePending from another browser", err, store.ErrOtherBrowser)
				_, err = tx.TakePending(t.Context(), "hash-a", "binding-hash-a")
				return err
			})
		}},
	}
}
