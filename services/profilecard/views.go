package profilecard

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/follow"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// views are what this replica knows of policy and consent: their answers
// for viewers, kept in memory while no change to the viewer's tenant has
// followed them, and the two followers that say when one has.
//
// A lookup first waits for both followers' read barrier (fresh), so every
// change committed before the lookup began has been applied; an answer is
// then used only if it reflects the tenant's latest change (tenantChanges).
// That is the freshness guarantee: no lookup that starts after a revoke,
// a disconnect or a denying policy change has returned uses an answer
// from before it.
type views struct {
	policyClient   policyv1.PolicyServiceClient
	consentClient  consentv1.ConsentServiceClient
	policy         *follow.Live[*policyv1.WatchResponse]
	consent        *follow.Live[*consentv1.WatchResponse]
	policyChanges  *tenantChanges
	consentChanges *tenantChanges
	decisions      *answers[decisionKey, *policyv1.CheckAccessResponse]
	consents       *answers[viewer, *consentv1.GetConsentResponse]
	directory      *answers[directoryKey, *directoryEntry]
	// userGone runs when a user of a tenant leaves the directory: the
	// service drops what it keeps of LinkedIn for the tenant too.
	userGone func(tenant string)
}

// viewer is the user a card is for.
type viewer struct{ tenant, user string }

type decisionKey struct {
	viewer
	surface policyv1.Surface
}

// directoryKey is a target as asked for, in lower case.
type directoryKey struct{ tenant, target string }

func newViews(policy policyv1.PolicyServiceClient, consent consentv1.ConsentServiceClient, size int, barrier time.Duration, logger *slog.Logger) *views {
	v := &views{
		policyClient: policy, consentClient: consent,
		policyChanges: newTenantChanges(), consentChanges: newTenantChanges(),
		decisions: newAnswers[decisionKey, *policyv1.CheckAccessResponse](size),
		consents:  newAnswers[viewer, *consentv1.GetConsentResponse](size),
		directory: newAnswers[directoryKey, *directoryEntry](size),
	}
	v.policy = &follow.Live[*policyv1.WatchResponse]{
		Name: "policy", Logger: logger, BarrierTimeout: barrier,
		Head: func(ctx context.Context) (int64, error) {
			resp, err := policy.GetHeadRevision(ctx, &policyv1.GetHeadRevisionRequest{})
			return resp.GetRevision(), err
		},
		Watch: func(ctx context.Context, from int64) (func() (*policyv1.WatchResponse, error), error) {
			return follow.Receive(policy.Watch(ctx, &policyv1.WatchRequest{FromRevision: from}))
		},
		Revision: (*policyv1.WatchResponse).GetRevision,
		Apply: func(msg *policyv1.WatchResponse) {
			for _, c := range msg.Changes {
				v.policyChanges.record(c.Tenant, c.Revision)
				if c.Operation == policyv1.Change_DELETE && isUser(c.Resource) {
					// A person left the directory, or was erased: nothing
					// read about them stays, not even unused until it
					// expires. The change names no email (nor, after an
					// erasure, the person), so the tenant's answers go.
					tenant := c.Tenant
					v.directory.forget(func(k directoryKey) bool { return k.tenant == tenant })
					v.decisions.forget(func(k decisionKey) bool { return k.tenant == tenant })
					if v.userGone != nil {
						v.userGone(tenant)
					}
				}
			}
		},
		Reset: func(head int64) {
			// What was kept may be newer than the head (a restored
			// database): keep nothing from before.
			v.policyChanges.reset(head)
			v.decisions.clear()
			v.directory.clear()
		},
	}
	v.consent = &follow.Live[*consentv1.WatchResponse]{
		Name: "consent", Logger: logger, BarrierTimeout: barrier,
		Head: func(ctx context.Context) (int64, error) {
			resp, err := consent.GetHeadRevision(ctx, &consentv1.GetHeadRevisionRequest{})
			return resp.GetRevision(), err
		},
		Watch: func(ctx context.Context, from int64) (func() (*consentv1.WatchResponse, error), error) {
			return follow.Receive(consent.Watch(ctx, &consentv1.WatchRequest{FromRevision: from}))
		},
		Revision: (*consentv1.WatchResponse).GetRevision,
		Apply: func(msg *consentv1.WatchResponse) {
			for _, e := range msg.Events {
				v.consentChanges.record(e.Tenant, e.Revision)
			}
		},
		Reset: func(head int64) {
			v.consentChanges.reset(head)
			v.consents.clear()
		},
	}
	return v
}

// isUser reports whether a policy resource is a user
// ("tenants/T/users/U").
func isUser(resource string) bool {
	parts := strings.Split(resource, "/")
	return len(parts) == 4 && parts[0] == "tenants" && parts[2] == "users"
}

func (v *views) start(ctx context.Context, background func(func())) {
	background(func() { v.policy.Run(ctx) })
	background(func() { v.consent.Run(ctx) })
}

// fresh waits for both read barriers at once: when it returns, every change
// policy and consent committed before it was called has been applied here.
func (v *views) fresh(ctx context.Context) error {
	policy, consent := v.policy.Join(), v.consent.Join()
	if _, err := policy.Wait(ctx); err != nil {
		return err
	}
	_, err := consent.Wait(ctx)
	return err
}

// decision is policy's answer for the viewer on the surface.
func (v *views) decision(ctx context.Context, who viewer, surface policyv1.Surface) (*policyv1.CheckAccessResponse, error) {
	return v.decisions.get(ctx, decisionKey{who, surface}, v.policyChanges.since(who.tenant),
		func(ctx context.Context, floor int64) (*policyv1.CheckAccessResponse, int64, error) {
			resp, err := v.policyClient.CheckAccess(ctx, &policyv1.CheckAccessRequest{
				Tenant: who.tenant, User: who.user, Capability: policyv1.Capability_PROFILE_ENRICHMENT,
				Surface: surface, MinRevision: floor,
			})
			return resp, resp.GetRevision(), err
		})
}

// consentOf is consent's answer for the viewer.
func (v *views) consentOf(ctx context.Context, who viewer) (*consentv1.GetConsentResponse, error) {
	return v.consents.get(ctx, who, v.consentChanges.since(who.tenant),
		func(ctx context.Context, floor int64) (*consentv1.GetConsentResponse, int64, error) {
			resp, err := v.consentClient.GetConsent(ctx, &consentv1.GetConsentRequest{
				Tenant: who.tenant, User: who.user, MinRevision: floor,
			})
			return resp, resp.GetRevision(), err
		})
}
