package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

func tenantCases() []testCase {
	return []testCase{
		{Name: "CreateAndGet", Check: func(t *testing.T, s store.Store) {
			want := &policyv1.Tenant{
				Id:           "contoso",
				DisplayName:  "Contoso Ltd.",
				Cloud:        policyv1.Cloud_US_GOVERNMENT,
				DataLocation: "US",
				CreateTime:   at(42),
			}
			sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.CreateTenant(t.Context(), want) })
			got, err := s.GetTenant(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetTenant", err)
			sqlstoretest.WantProto(t, "GetTenant", got, want)
		}},
		{Name: "Duplicate", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			err := sqlstoretest.WriteErr(t, s, func(tx store.Tx) error {
				return tx.CreateTenant(t.Context(), &policyv1.Tenant{
					Id: "contoso", DisplayName: "Other", Cloud: policyv1.Cloud_CHINA, DataLocation: "CN", CreateTime: at(9),
				})
			})
			sqlstoretest.WantErr(t, "CreateTenant twice", err, store.ErrAlreadyExists)
			got, err := s.GetTenant(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetTenant", err)
			sqlstoretest.WantEqual(t, "display name after the refused duplicate", got.DisplayName, "Tenant contoso")
		}},
		{Name: "Missing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			_, err := s.GetTenant(t.Context(), "fabrikam")
			sqlstoretest.WantErr(t, "GetTenant of a missing tenant", err, store.ErrNotFound)
		}},
	}
}
