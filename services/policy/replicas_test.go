package policy_test

import (
	"strconv"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestMinRevisionAcrossReplicasBackends races two replicas on one
// database: a write on the first, then at once a decision on the second
// carrying the write's revision as min_revision. The second replica must
// never answer from before the write, though nothing but the token tells it
// of the write in time (on SQLite it would otherwise learn of it only at
// its next poll).
func TestMinRevisionAcrossReplicasBackends(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		first := newHarnessOn(t, newURL(t))
		second := first.replica()
		modes := []policyv1.LinkedInSettings_Mode{policyv1.LinkedInSettings_DISABLED, policyv1.LinkedInSettings_ENABLED}
		for i := range 40 {
			mode := modes[i%2]
			updated, err := first.client.UpdateLinkedInSettings(first.admin(), &policyv1.UpdateLinkedInSettingsRequest{
				Tenant: "contoso", Settings: &policyv1.LinkedInSettings{Mode: mode},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			revision, err := strconv.ParseInt(updated.Settings.Etag, 10, 64)
			if err != nil {
				t.Fatalf("etag %q: %v", updated.Settings.Etag, err)
			}
			got, err := second.client.CheckAccess(second.admin(), &policyv1.CheckAccessRequest{
				Tenant: "contoso", User: "alice", Capability: policyv1.Capability_ACCOUNT_CONNECTION, MinRevision: revision,
			})
			if err != nil {
				t.Fatalf("write %d: CheckAccess on the second replica: %v", i, err)
			}
			if want := mode == policyv1.LinkedInSettings_ENABLED; got.Allowed != want || got.Revision < revision {
				t.Fatalf("write %d set %v at revision %d; the second replica answered allowed=%v at revision %d",
					i, mode, revision, got.Allowed, got.Revision)
			}
		}
	})
}
