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
