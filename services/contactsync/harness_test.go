package contactsync_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/service/servicetest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/consenttest"
	"github.com/liaisonhq/liaison/services/contactsync/app"
	"github.com/liaisonhq/liaison/services/contactsync/contactsynctest"
	"github.com/liaisonhq/liaison/services/linkedinsim"
	"github.com/liaisonhq/liaison/services/linkedinsim/simtest"
	"github.com/liaisonhq/liaison/services/policy/policytest"
	"google.golang.org/grpc/metadata"
)

// redirectBase is where connections send the browser back to in tests.
const redirectBase = "https://app.contoso.test/settings"

// oneWay is the consent contact sync needs: LinkedIn to the organization.
const oneWay = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION

// waitFor bounds every wait for the services to act.
const waitFor = 30 * time.Second

// harness runs policy (with the demo data), the LinkedIn simulator, consent
// and contact-sync, each for real and wired as in production.
type harness struct {
	t          *testing.T
	issuer     *authtest.Issuer
	policy     policyv1.PolicyServiceClient
	policyAddr string
	consent    consentv1.ConsentServiceClient
	sim        *simtest.Sim
	feed       *feedRecorder
	settings   *app.Settings
	sync       contactsyncv1.ContactSyncServiceClient
	// stopSync stops contact-sync (for restart tests); startSync starts it
	// again on the same database.
	stopSync func()
	// stopConsent stops consent (for outage tests).
	stopConsent func()
}

// newHarness starts everything; simulator, when given, changes the
// simulator's settings first.
func newHarness(t *testing.T, simulator ...func(*linkedinsim.Settings)) *harness {
	t.Helper()
	h := &harness{t: t, issuer: authtest.NewIssuer(t)}
	// Contact-sync calls policy and consent: its key is published before
	// they start (see contactsynctest.PublishServiceKey), as are those of
	// the services tests call contact-sync as (asService). Policy's and
	// consent's own keys are published by their test settings, before they
	// start.
	contactsynctest.PublishServiceKey(t, h.issuer.Config)
	for _, service := range callingServices {
		h.issuer.ServiceKey(service)
	}
	policy := policytest.Start(t, policytest.Settings(t, h.issuer.Config))
	h.policy, h.policyAddr = policyv1.NewPolicyServiceClient(policy.Conn), policy.Addr
	h.startSimulator(simulator...)
	cs := consenttest.Settings(t, h.issuer.Config, h.policyAddr, h.sim.URL)
	cs.CallbackURL = "http://127.0.0.1/v1/linkedin/callback"
	cs.RedirectOrigins = "https://app.contoso.test"
	consent := consenttest.Start(t, cs)
	h.consent, h.stopConsent = consentv1.NewConsentServiceClient(consent.Conn), consent.Stop
	h.settings = contactsynctest.Settings(t, h.issuer.Config, h.policyAddr, consent.Addr, h.sim.URL)
	h.startSync()
	return h
}

// startSimulator runs the LinkedIn simulator, approving at once, behind a
// recorder of the feed's answers.
func (h *harness) startSimulator(change ...func(*linkedinsim.Settings)) {
	h.feed = &feedRecorder{statuses: map[int]int{}}
	h.sim = simtest.Start(h.t, simtest.Options{
		Settings: func(s *linkedinsim.Settings) {
			for _, c := range change {
				c(s)
			}
		},
		Wrap: func(next http.Handler) http.Handler { h.feed.next = next; return h.feed },
	})
}

// startSync runs contact-sync from its definition; after a stop it starts
// again on the same database.
func (h *harness) startSync() {
	running := contactsynctest.Start(h.t, h.settings)
	h.stopSync = running.Stop
	h.sync = contactsyncv1.NewContactSyncServiceClient(running.Conn)
}

// as returns a context calling as subject of tenant with roles.
func (h *harness) as(tenant, subject string, roles ...string) context.Context {
	return metadata.AppendToOutgoingContext(h.t.Context(), "authorization", "Bearer "+h.issuer.User(tenant, subject, roles...))
}

func (h *harness) alice() context.Context { return h.as("contoso", "alice") }
func (h *harness) admin() context.Context { return h.as("contoso", "admin", auth.RoleTenantAdmin) }

// callingServices are the services tests call contact-sync as, besides
// contact-sync itself (see asService): none that runs in the test, whose
// settings publish a key of their own.
var callingServices = []string{"profile-card", "reporting"}

// asService returns a context calling contact-sync as the named Liaison
// service, with a token signed by that service's own key.
func (h *harness) asService(name string) context.Context {
	h.t.Helper()
	md, err := h.issuer.ServiceCredentials(name, "contact-sync", 0).GetRequestMetadata(h.t.Context())
	if err != nil {
		h.t.Fatal(err)
	}
	return metadata.AppendToOutgoingContext(h.t.Context(), "authorization", md["authorization"])
}

// --- consent ---

// connect connects ctx's user's LinkedIn account in direction through
// consent's flow, the simulator approving at once.
func (h *harness) connect(ctx context.Context, direction typev1.ConsentDirection) {
	h.t.Helper()
	consenttest.Connect(h.t, h.consent, ctx, direction, redirectBase)
}

// connectAndSync connects ctx's user one way and waits for the first sync
// to end, returning the status then.
func (h *harness) connectAndSync(ctx context.Context) *contactsyncv1.SyncStatus {
	h.t.Helper()
	h.connect(ctx, oneWay)
	return h.waitStatus(ctx, "the first sync", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime != nil
	})
}

// --- contact-sync ---

// status is ctx's user's sync status.
func (h *harness) status(ctx context.Context) *contactsyncv1.SyncStatus {
	h.t.Helper()
	r, err := h.sync.GetMyContactSync(ctx, &contactsyncv1.GetMyContactSyncRequest{})
	if err != nil {
		h.t.Fatalf("GetMyContactSync: %v", err)
	}
	return r.Status
}

// waitStatus polls ctx's user's status until cond holds.
func (h *harness) waitStatus(ctx context.Context, what string, cond func(*contactsyncv1.SyncStatus) bool) *contactsyncv1.SyncStatus {
	h.t.Helper()
	var st *contactsyncv1.SyncStatus
	h.eventually(what, func() (bool, string) {
		st = h.status(ctx)
		return cond(st), fmt.Sprint(st)
	})
	return st
}

// syncNow asks for a sync of ctx's user's mailbox and waits until a run
// that began after the ask has ended well; it returns the status then.
func (h *harness) syncNow(ctx context.Context) *contactsyncv1.SyncStatus {
	h.t.Helper()
	before := h.status(ctx).GetLastSuccessTime().AsTime()
	if _, err := h.sync.RunMyContactSync(ctx, &contactsyncv1.RunMyContactSyncRequest{}); err != nil {
		h.t.Fatalf("RunMyContactSync: %v", err)
	}
	return h.waitStatus(ctx, "the sync asked for", func(st *contactsyncv1.SyncStatus) bool {
		return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime.AsTime().After(before)
	})
}

// contacts lists every contact of ctx's user's folder, page by page.
func (h *harness) contacts(ctx context.Context, folder string) []*contactsyncv1.Contact {
	h.t.Helper()
	var all []*contactsyncv1.Contact
	token := ""
	for {
		r, err := h.sync.ListContacts(ctx, &contactsyncv1.ListContactsRequest{Folder: folder, PageToken: token})
		if err != nil {
			h.t.Fatalf("ListContacts %s: %v", folder, err)
		}
		all = append(all, r.Contacts...)
		if token = r.NextPageToken; token == "" {
			return all
		}
	}
}

// bySource maps a LinkedIn folder's contacts by member id; a member twice
// fails the test.
func (h *harness) bySource(contacts []*contactsyncv1.Contact) map[string]*contactsyncv1.Contact {
	h.t.Helper()
	out := map[string]*contactsyncv1.Contact{}
	for _, c := range contacts {
		if _, dup := out[c.SourceMemberId]; dup {
			h.t.Fatalf("member %s is in the folder twice", c.SourceMemberId)
		}
		out[c.SourceMemberId] = c
	}
	return out
}

// eventually polls cond until it holds, failing with its last word after
// waitFor.
func (h *harness) eventually(what string, cond func() (bool, string)) {
	h.t.Helper()
	servicetest.Eventually(h.t, waitFor, what, cond)
}

// --- the simulator ---

func (h *harness) member(id string) simtest.Member { return h.sim.Member(id) }

func (h *harness) simCall(method, path string, body any, status int, out any) {
	h.t.Helper()
	h.sim.Call(method, path, body, status, out)
}

func (h *harness) simConnect(a, b string)    { h.t.Helper(); h.sim.Connect(a, b) }
func (h *harness) simDisconnect(a, b string) { h.t.Helper(); h.sim.Disconnect(a, b) }
func (h *harness) simFaults(faults linkedinsim.Faults) {
	h.t.Helper()
	h.sim.SetFaults(faults)
}
func (h *harness) simClearFaults() { h.t.Helper(); h.sim.ClearFaults() }

// feedRecorder stands in front of the simulator and counts the statuses
// of the connections feed's answers.
type feedRecorder struct {
	next     http.Handler
	mu       sync.Mutex
	statuses map[int]int
}

func (f *feedRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v2/connections" {
		f.next.ServeHTTP(w, r)
		return
	}
	rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	f.next.ServeHTTP(rec, r)
	f.mu.Lock()
	f.statuses[rec.status]++
	f.mu.Unlock()
}

// count is how many feed answers had status.
func (f *feedRecorder) count(status int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.statuses[status]
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}
