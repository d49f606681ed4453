package storetest

import (
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
)

func tenantCases() []testCase {
	return []testCase{
		{"CreateAndGet", func(t *testing.T, s store.Store) {
			want := &policyv1.Tenant{
				Id:           "contoso",
				DisplayName:  "Contoso Ltd.",
				Cloud:        policyv1.Cloud_US_GOVERNMENT,
				DataLocation: "US",
				CreateTime:   at(42),
			}
			write(t, s, func(tx store.Tx) error { return tx.CreateTenant(t.Context(), want) })
			got, err := s.GetTenant(t.Context(), "contoso")
			noErr(t, "GetTenant", err)
			wantProto(t, "GetTenant", got, want)
		}},
		{"Duplicate", func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			err := writeErr(t, s, func(tx store.Tx) error {
				return tx.CreateTenant(t.Context(), &policyv1.Tenant{
					Id: "contoso", DisplayName: "Other", Cloud: policyv1.Cloud_CHINA, DataLocation: "CN", CreateTime: at(9),
				})
			})
			wantErr(t, "CreateTenant twice", err, store.ErrAlreadyExists)
			got, err := s.GetTenant(t.Context(), "contoso")
			noErr(t, "GetTenant", err)
			wantEqual(t, "display name after the refused duplicate", got.DisplayName, "Tenant contoso")
		}},
		{"Missing", func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			_, err := s.GetTenant(t.Context(), "fabrikam")
			wantErr(t, "GetTenant of a missing tenant", err, store.ErrNotFound)
		}},
	}
}
