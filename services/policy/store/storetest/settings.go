package storetest

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
)

// putLinkedIn stores settings at revision and returns them as a read should
// give them back.
func putLinkedIn(t *testing.T, s store.Store, tenant string, settings *policyv1.LinkedInSettings, revision int64) *policyv1.LinkedInSettings {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.PutLinkedInSettings(t.Context(), tenant, settings, revision) })
	want := proto.Clone(settings).(*policyv1.LinkedInSettings)
	want.Etag = etag(revision)
	return want
}

func linkedInCases() []testCase {
	return []testCase{
		{Name: "PutAndGet", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			want := putLinkedIn(t, s, "contoso", &policyv1.LinkedInSettings{
				Mode:                policyv1.LinkedInSettings_SELECTED_GROUP,
				SelectedGroup:       "pilot",
				MaxConsentDirection: typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION,
				UpdateActor:         "admin@contoso.example",
				UpdateTime:          at(30),
			}, 7)
			got, err := s.GetLinkedInSettings(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetLinkedInSettings", err)
			sqlstoretest.WantProto(t, "GetLinkedInSettings", got, want)
			sqlstoretest.WantEqual(t, "etag", got.GetEtag(), "7")
		}},
		{Name: "UpdateToDefaults", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			putLinkedIn(t, s, "contoso", &policyv1.LinkedInSettings{
				Mode:                policyv1.LinkedInSettings_DISABLED,
				SelectedGroup:       "pilot",
				MaxConsentDirection: typev1.ConsentDirection_BIDIRECTIONAL,
				UpdateActor:         "first",
				UpdateTime:          at(30),
			}, 3)
			// Unset enums mean "the default" and must read back unset, not
			// as the previous value.
			want := putLinkedIn(t, s, "contoso", &policyv1.LinkedInSettings{UpdateActor: "second", UpdateTime: at(31)}, 12)
			got, err := s.GetLinkedInSettings(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetLinkedInSettings", err)
			sqlstoretest.WantProto(t, "GetLinkedInSettings after unsetting", got, want)
			sqlstoretest.WantEqual(t, "mode", got.GetMode(), policyv1.LinkedInSettings_MODE_UNSPECIFIED)
			sqlstoretest.WantEqual(t, "max consent direction", got.GetMaxConsentDirection(), typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED)
			sqlstoretest.WantEqual(t, "etag", got.GetEtag(), "12")

			want = putLinkedIn(t, s, "contoso", &policyv1.LinkedInSettings{
				Mode: policyv1.LinkedInSettings_ENABLED, UpdateActor: "third", UpdateTime: at(32),
			}, 13)
			got, err = s.GetLinkedInSettings(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetLinkedInSettings", err)
			sqlstoretest.WantProto(t, "GetLinkedInSettings after setting the mode only", got, want)
		}},
		{Name: "PerTenant", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			ours := putLinkedIn(t, s, "contoso", &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_ENABLED, UpdateTime: at(1)}, 1)
			theirs := putLinkedIn(t, s, "fabrikam", &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_DISABLED, UpdateTime: at(2)}, 2)
			got, err := s.GetLinkedInSettings(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetLinkedInSettings", err)
			sqlstoretest.WantProto(t, "contoso's settings", got, ours)
			got, err = s.GetLinkedInSettings(t.Context(), "fabrikam")
			sqlstoretest.NoErr(t, "GetLinkedInSettings", err)
			sqlstoretest.WantProto(t, "fabrikam's settings", got, theirs)
		}},
		{Name: "Missing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			putLinkedIn(t, s, "contoso", &policyv1.LinkedInSettings{Mode: policyv1.LinkedInSettings_ENABLED, UpdateTime: at(1)}, 1)
			_, err := s.GetLinkedInSettings(t.Context(), "fabrikam")
			sqlstoretest.WantErr(t, "GetLinkedInSettings of a missing tenant", err, store.ErrNotFound)
		}},
	}
}

// putClientPolicy stores p at revision and returns it as a read should give
// it back.
func putClientPolicy(t *testing.T, s store.Store, tenant string, p *policyv1.ClientPolicy, revision int64) *policyv1.ClientPolicy {
	t.Helper()
	sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.PutClientPolicy(t.Context(), tenant, p, revision) })
	want := proto.Clone(p).(*policyv1.ClientPolicy)
	want.Etag = etag(revision)
	return want
}

func override(group string, setting policyv1.ClientPolicy_Setting) *policyv1.ClientPolicy_GroupOverride {
	return &policyv1.ClientPolicy_GroupOverride{Group: group, Setting: setting}
}

func clientPolicyCases() []testCase {
	return []testCase{
		{Name: "PutAndGet", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			// Overrides are ordered by priority, not by name.
			want := putClientPolicy(t, s, "contoso", &policyv1.ClientPolicy{
				Setting: policyv1.ClientPolicy_NOT_CONFIGURED,
				GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{
					override("zeta", policyv1.ClientPolicy_DISABLED),
					override("alpha", policyv1.ClientPolicy_ENABLED),
					override("mid", policyv1.ClientPolicy_DISABLED),
				},
				UpdateActor: "admin@contoso.example",
				UpdateTime:  at(40),
			}, 5)
			got, err := s.GetClientPolicy(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetClientPolicy", err)
			sqlstoretest.WantProto(t, "GetClientPolicy", got, want)
			sqlstoretest.WantEqual(t, "etag", got.GetEtag(), "5")
		}},
		{Name: "PutReplacesOverrides", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			putClientPolicy(t, s, "contoso", &policyv1.ClientPolicy{
				Setting: policyv1.ClientPolicy_ENABLED,
				GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{
					override("a", policyv1.ClientPolicy_DISABLED),
					override("b", policyv1.ClientPolicy_DISABLED),
					override("c", policyv1.ClientPolicy_DISABLED),
				},
				UpdateTime: at(40),
			}, 5)
			want := putClientPolicy(t, s, "contoso", &policyv1.ClientPolicy{
				Setting: policyv1.ClientPolicy_DISABLED,
				GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{
					override("c", policyv1.ClientPolicy_ENABLED),
					override("a", policyv1.ClientPolicy_NOT_CONFIGURED),
				},
				UpdateActor: "second",
				UpdateTime:  at(41),
			}, 8)
			got, err := s.GetClientPolicy(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetClientPolicy", err)
			sqlstoretest.WantProto(t, "GetClientPolicy after the second put", got, want)

			want = putClientPolicy(t, s, "contoso", &policyv1.ClientPolicy{
				Setting: policyv1.ClientPolicy_ENABLED, UpdateTime: at(42),
			}, 9)
			got, err = s.GetClientPolicy(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetClientPolicy", err)
			sqlstoretest.WantProto(t, "GetClientPolicy without overrides", got, want)
		}},
		{Name: "PerTenant", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			newTenant(t, s, "fabrikam")
			ours := putClientPolicy(t, s, "contoso", &policyv1.ClientPolicy{
				Setting:        policyv1.ClientPolicy_ENABLED,
				GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{override("pilot", policyv1.ClientPolicy_DISABLED)},
				UpdateTime:     at(1),
			}, 1)
			theirs := putClientPolicy(t, s, "fabrikam", &policyv1.ClientPolicy{
				Setting:        policyv1.ClientPolicy_DISABLED,
				GroupOverrides: []*policyv1.ClientPolicy_GroupOverride{override("pilot", policyv1.ClientPolicy_ENABLED)},
				UpdateTime:     at(2),
			}, 2)
			got, err := s.GetClientPolicy(t.Context(), "contoso")
			sqlstoretest.NoErr(t, "GetClientPolicy", err)
			sqlstoretest.WantProto(t, "contoso's policy", got, ours)
			got, err = s.GetClientPolicy(t.Context(), "fabrikam")
			sqlstoretest.NoErr(t, "GetClientPolicy", err)
			sqlstoretest.WantProto(t, "fabrikam's policy", got, theirs)
		}},
		{Name: "Missing", Check: func(t *testing.T, s store.Store) {
			newTenant(t, s, "contoso")
			putClientPolicy(t, s, "contoso", &policyv1.ClientPolicy{Setting: policyv1.ClientPolicy_ENABLED, UpdateTime: at(1)}, 1)
			_, err := s.GetClientPolicy(t.Context(), "fabrikam")
			sqlstoretest.WantErr(t, "GetClientPolicy of a missing tenant", err, store.ErrNotFound)
		}},
	}
}
