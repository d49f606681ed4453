package profilecard

import (
	"log/slog"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// TestStartingOverDropsKeptAnswers: when a followed stream starts over (its
// service's database was restored, so revisions may run again from below
// what was kept), no answer kept before may be used, however new the
// revision it names.
func TestStartingOverDropsKeptAnswers(t *testing.T) {
	v := newViews(nil, nil, 10, time.Second, slog.New(slog.DiscardHandler))
	who := viewer{tenant: "contoso", user: "alice"}
	key := decisionKey{who, policyv1.Surface_WEB}
	v.decisions.cache.Set(key, answer[*policyv1.CheckAccessResponse]{value: &policyv1.CheckAccessResponse{Allowed: true}, revision: 200})
	v.directory.cache.Set(directoryKey{"contoso", "bob"}, answer[*directoryEntry]{value: &directoryEntry{}, revision: 200})
	v.consents.cache.Set(who, answer[*consentv1.GetConsentResponse]{value: &consentv1.GetConsentResponse{}, revision: 200})

	v.policy.Reset(120)
	if _, ok := v.decisions.peek(key, v.policyChanges.since("contoso")); ok {
		t.Error("a policy decision kept before the policy stream started over is still used")
	}
	if _, ok := v.directory.peek(directoryKey{"contoso", "bob"}, 0); ok {
		t.Error("a directory entry kept before the policy stream started over is still used")
	}
	if _, ok := v.consents.peek(who, 0); !ok {
		t.Error("policy starting over dropped consent's answers too")
	}
	v.consent.Reset(150)
	if _, ok := v.consents.peek(who, v.consentChanges.since("contoso")); ok {
		t.Error("a consent answer kept before the consent stream started over is still used")
	}
}

// TestAUserLeavingTheDirectoryIsForgottenAtOnce: when a user of a tenant is
// deleted (or erased), the tenant's directory answers and decisions are
// dropped from memory at once, not left to expire, and LinkedIn's answers
// for the tenant go too; other tenants keep theirs.
func TestAUserLeavingTheDirectoryIsForgottenAtOnce(t *testing.T) {
	v := newViews(nil, nil, 10, time.Second, slog.New(slog.DiscardHandler))
	var gone []string
	v.userGone = func(tenant string) { gone = append(gone, tenant) }
	for _, tenant := range []string{"contoso", "fabrikam"} {
		v.directory.cache.Set(directoryKey{tenant, "ursula@" + tenant + ".com"}, answer[*directoryEntry]{value: &directoryEntry{}, revision: 1})
		v.decisions.cache.Set(decisionKey{viewer{tenant, "alice"}, policyv1.Surface_WEB}, answer[*policyv1.CheckAccessResponse]{value: &policyv1.CheckAccessResponse{}, revision: 1})
	}
	// A change that is not a user's deletion keeps everything.
	v.policy.Apply(&policyv1.WatchResponse{Changes: []*policyv1.Change{
		{Tenant: "contoso", Resource: "tenants/contoso/users/bob", Operation: policyv1.Change_UPDATE, Revision: 2},
		{Tenant: "contoso", Resource: "tenants/contoso/groups/pilot/members/users/bob", Operation: policyv1.Change_DELETE, Revision: 3},
	}})
	if v.directory.cache.EstimatedSize() != 2 || len(gone) != 0 {
		t.Fatalf("an update and a membership's end dropped answers (%d left, gone %v)", v.directory.cache.EstimatedSize(), gone)
	}
	v.policy.Apply(&policyv1.WatchResponse{Changes: []*policyv1.Change{
		{Tenant: "contoso", Resource: "tenants/contoso/users/erased-1", Operation: policyv1.Change_DELETE, Revision: 4},
	}})
	if _, ok := v.directory.cache.GetIfPresent(directoryKey{"contoso", "ursula@contoso.com"}); ok {
		t.Error("the tenant's directory answer is still kept")
	}
	if _, ok := v.decisions.cache.GetIfPresent(decisionKey{viewer{"contoso", "alice"}, policyv1.Surface_WEB}); ok {
		t.Error("the tenant's decision is still kept")
	}
	if _, ok := v.directory.cache.GetIfPresent(directoryKey{"fabrikam", "ursula@fabrikam.com"}); !ok {
		t.Error("another tenant's answer was dropped")
	}
	if len(gone) != 1 || gone[0] != "contoso" {
		t.Errorf("LinkedIn's answers dropped for %v, want contoso", gone)
	}
}
