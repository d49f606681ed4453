package profilecard_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/service/servicetest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/consenttest"
	"github.com/liaisonhq/liaison/services/contactsync/contactsynctest"
	"github.com/liaisonhq/liaison/services/linkedinsim/simtest"
	"github.com/liaisonhq/liaison/services/policy/policytest"
	"github.com/liaisonhq/liaison/services/profilecard/app"
	"github.com/liaisonhq/liaison/services/profilecard/profilecardtest"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// redirectBase is where connections send the browser back to in tests.
const redirectBase = "https://app.contoso.test/settings"

// waitFor bounds every wait for the services to act.
const waitFor = 30 * time.Second

// harness runs policy (with the demo data), the LinkedIn simulator, consent
// and profile-card, each for real and wired as in production.
type harness struct {
	t        *testing.T
	issuer   *authtest.Issuer
	policy   policyv1.PolicyServiceClient
	consent  consentv1.ConsentServiceClient
	sim      *simtest.Sim
	settings *app.Settings
	cards    profilecardv1.ProfileCardServiceClient
	contacts contactsyncv1.ContactSyncServiceClient // with contact-sync only
	// peopleCalls counts the profile lookups LinkedIn answered.
	peopleCalls atomic.Int64
	// stop stops a service, for outage tests.
	stopPolicy, stopConsent, stopCards func()
}

// newHarness starts everything; change, when given, changes profile-card's
// settings first.
func newHarness(t *testing.T, change ...func(*app.Settings)) *harness {
	t.Helper()
	return newHarnessWith(t, false, change...)
}

// newHarnessWith is newHarness, with contact-sync too when contactSync.
func newHarnessWith(t *testing.T, contactSync bool, change ...func(*app.Settings)) *harness {
	t.Helper()
	h := &harness{t: t, issuer: authtest.NewIssuer(t)}
	profilecardtest.PublishServiceKey(t, h.issuer.Config)
	contactsynctest.PublishServiceKey(t, h.issuer.Config)
	policy := policytest.Start(t, policytest.Settings(t, h.issuer.Config))
	h.policy, h.stopPolicy = policyv1.NewPolicyServiceClient(policy.Conn), policy.Stop
	h.sim = simtest.Start(t, simtest.Options{Wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v2/people" {
				h.peopleCalls.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}})
	cs := consenttest.Settings(t, h.issuer.Config, policy.Addr, h.sim.URL)
	cs.CallbackURL = "http://127.0.0.1/v1/linkedin/callback"
	cs.RedirectOrigins = "https://app.contoso.test"
	consent := consenttest.Start(t, cs)
	h.consent, h.stopConsent = consentv1.NewConsentServiceClient(consent.Conn), consent.Stop
	h.settings = profilecardtest.Settings(t, h.issuer.Config, policy.Addr, consent.Addr, h.sim.URL)
	if contactSync {
		running := contactsynctest.Start(t, contactsynctest.Settings(t, h.issuer.Config, policy.Addr, consent.Addr, h.sim.URL))
		h.settings.ContactSyncAddr = running.Addr
		h.contacts = contactsyncv1.NewContactSyncServiceClient(running.Conn)
	}
	h.settings.LookupTimeout = 2 * time.Second
	for _, c := range change {
		c(h.settings)
	}
	h.startCards()
	return h
}

// startCards runs profile-card from its definition.
func (h *harness) startCards() {
	running := profilecardtest.Start(h.t, h.settings)
	h.stopCards = running.Stop
	h.cards = profilecardv1.NewProfileCardServiceClient(running.Conn)
}

// as returns a context calling as subject of tenant with roles.
func (h *harness) as(tenant, subject string, roles ...string) context.Context {
	return metadata.AppendToOutgoingContext(h.t.Context(), "authorization", "Bearer "+h.issuer.User(tenant, subject, roles...))
}

func (h *harness) user(name string) context.Context { return h.as("contoso", name) }
func (h *harness) admin() context.Context {
	return h.as("contoso", "admin", auth.RoleTenantAdmin)
}

// connect connects the user's LinkedIn account in direction.
func (h *harness) connect(user string, direction typev1.ConsentDirection) {
	h.t.Helper()
	consenttest.Connect(h.t, h.consent, h.user(user), direction, redirectBase)
}

// disconnect disconnects the user's LinkedIn account.
func (h *harness) disconnect(user string) {
	h.t.Helper()
	if _, err := h.consent.Disconnect(h.user(user), &consentv1.DisconnectRequest{}); err != nil {
		h.t.Fatalf("Disconnect(%s): %v", user, err)
	}
}

// setTenant sets contoso's LinkedIn setting, with the group for
// SELECTED_GROUP.
func (h *harness) setTenant(mode policyv1.LinkedInSettings_Mode, group string) {
	h.t.Helper()
	_, err := h.policy.UpdateLinkedInSettings(h.admin(), &policyv1.UpdateLinkedInSettingsRequest{
		Tenant:     "contoso",
		Settings:   &policyv1.LinkedInSettings{Mode: mode, SelectedGroup: group},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode", "selected_group"}},
	})
	if err != nil {
		h.t.Fatalf("UpdateLinkedInSettings(%s, %q): %v", mode, group, err)
	}
}

// card is the viewer's card of target on surface.
func (h *harness) card(viewer, target string, surface profilecardv1.Surface) *profilecardv1.ProfileCard {
	h.t.Helper()
	resp, err := h.cards.GetProfileCard(h.user(viewer), &profilecardv1.GetProfileCardRequest{Target: target, Surface: surface})
	if err != nil {
		h.t.Fatalf("GetProfileCard(%s of %s): %v", viewer, target, err)
	}
	return resp.Card
}

// state is the LinkedIn state of the viewer's web card of target.
func (h *harness) state(viewer, target string) profilecardv1.LinkedInState {
	h.t.Helper()
	return h.card(viewer, target, profilecardv1.Surface_WEB).Linkedin.State
}

// eventually polls cond until it holds, failing with its last word after
// waitFor.
func (h *harness) eventually(what string, cond func() (bool, string)) {
	h.t.Helper()
	servicetest.Eventually(h.t, waitFor, what, cond)
}
