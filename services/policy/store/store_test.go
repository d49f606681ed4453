package store_test

import (
	"errors"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"github.com/liaisonhq/liaison/services/policy/store/storetest"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestStoreBackends runs the conformance suite on embedded SQLite and on
// PostgreSQL, a new database for every case.
func TestStoreBackends(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		storetest.Run(t, func(t *testing.T) store.Store { return sqlstoretest.OpenStore(t, newURL(t), store.Open) })
	})
}

// TestMigrationsBackfillSearchKeys: rows written before search keys existed
// (blanked here, as migration 3 leaves them) are found once migrations run.
func TestMigrationsBackfillSearchKeys(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		url := newURL(t)
		s, err := store.Open(t.Context(), url, true)
		sqlstoretest.NoErr(t, "open", err)
		sqlstoretest.Write(t, store.Store(s), func(tx store.Tx) error {
			return errors.Join(
				tx.CreateTenant(t.Context(), &policyv1.Tenant{Id: "contoso", DisplayName: "Contoso", CreateTime: timestamppb.Now()}),
				tx.CreateUser(t.Context(), "contoso", &policyv1.User{
					Id: "bob", Email: "bob@contoso.example", DisplayName: "Robert Ødegaard",
					CreateTime: timestamppb.Now(), UpdateTime: timestamppb.Now(),
				}, 1),
				tx.CreateGroup(t.Context(), "contoso", &policyv1.Group{Id: "pilot", DisplayName: "Pilote", CreateTime: timestamppb.Now()}, 2),
			)
		})
		err = s.DB().Write(t.Context(), func(tx *sqlstore.Tx) error {
			_, err := tx.Exec(t.Context(), `UPDATE users SET search_key = ''`)
			if err == nil {
				_, err = tx.Exec(t.Context(), `UPDATE directory_groups SET search_key = ''`)
			}
			return err
		})
		sqlstoretest.NoErr(t, "blank the search keys", err)
		sqlstoretest.NoErr(t, "close", s.Close())

		s = sqlstoretest.OpenStore(t, url, store.Open)
		users, err := s.ListUsers(t.Context(), "contoso", store.Page{Limit: 10, Query: "ØDEGAARD"})
		sqlstoretest.NoErr(t, "ListUsers", err)
		if len(users) != 1 || users[0].Id != "bob" {
			t.Errorf("search by name after the backfill found %v, want bob", users)
		}
		groups, err := s.ListGroups(t.Context(), "contoso", store.Page{Limit: 10, Query: "pilote"})
		sqlstoretest.NoErr(t, "ListGroups", err)
		if len(groups) != 1 {
			t.Errorf("search by group name after the backfill found %v, want pilot", groups)
		}
	})
}
