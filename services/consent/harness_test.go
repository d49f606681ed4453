package consent_test

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/service/servicetest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/app"
	"github.com/liaisonhq/liaison/services/consent/consenttest"
	"github.com/liaisonhq/liaison/services/linkedinsim"
	"github.com/liaisonhq/liaison/services/policy/policytest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// redirectBase is where connections send the browser back to in tests.
const redirectBase = "https://app.contoso.test/settings"

// harness runs policy (with the demo data), the LinkedIn simulator and the
// consent service, each for real, wired as in production.
type harness struct {
	t          *testing.T
	issuer     *authtest.Issuer
	policy     policyv1.PolicyServiceClient
	policyAddr string
	consent    consentv1.ConsentServiceClient
	sim        *httptest.Server
	network    *tokenRecorder
	settings   *app.Settings
	dbURL      string
	// stopConsent stops the consent service (for restart tests).
	stopConsent func()
	// stateTTL is the consent service's; zero means 10 minutes.
	stateTTL time.Duration
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, issuer: authtest.NewIssuer(t)}
	policy := policytest.Start(t, policytest.Settings(t, h.issuer.Config))
	h.policy, h.policyAddr = policyv1.NewPolicyServiceClient(policy.Conn), policy.Addr
	h.startSimulator()
	h.settings = consenttest.Settings(t, h.issuer.Config, h.policyAddr, h.sim.URL)
	h.settings.CallbackURL = "http://127.0.0.1/v1/linkedin/callback"
	h.settings.RedirectOrigins = "https://app.contoso.test"
	h.dbURL = h.settings.DatabaseURL
	h.publishServiceKeys()
	h.startConsent()
	return h
}

// callingServices are the services tests call consent as (see asService).
var callingServices = []string{"contact-sync", "profile-card", "policy"}

// publishServiceKeys makes the keys of callingServices before consent
// starts, as a deployment's are: a key published later is only read on a
// miss, at most once a second, so a second new service within that second
// would be refused.
func (h *harness) publishServiceKeys() {
	for _, service := range callingServices {
		h.issuer.ServiceKey(service)
	}
}

// startSimulator runs the LinkedIn simulator, approving at once, with the
// tokens it issues recorded.
func (h *harness) startSimulator() {
	settings := linkedinsim.Defaults()
	settings.AutoApprove = true
	sim, err := linkedinsim.New(*settings, servicetest.Logger())
	if err != nil {
		h.t.Fatal(err)
	}
	h.network = &tokenRecorder{next: sim.Handler()}
	h.sim = httptest.NewServer(h.network)
	h.t.Cleanup(h.sim.Close)
}

// startConsent runs the consent service from its definition; after a stop
// it starts again on the same database.
func (h *harness) startConsent() {
	h.settings.StateTTL = cmp.Or(h.stateTTL, 10*time.Minute)
	running := consenttest.Start(h.t, h.settings)
	h.stopConsent = running.Stop
	h.consent = consentv1.NewConsentServiceClient(running.Conn)
}

// as returns a context calling as subject of tenant with roles.
func (h *harness) as(tenant, subject string, roles ...string) context.Context {
	return metadata.AppendToOutgoingContext(h.t.Context(), "authorization", "Bearer "+h.issuer.User(tenant, subject, roles...))
}

func (h *harness) alice() context.Context { return h.as("contoso", "alice") }
func (h *harness) admin() context.Context { return h.as("contoso", "admin", auth.RoleTenantAdmin) }

// authorize follows an authorization URL as the browser would, with the
// simulator approving at once, and returns the callback's parameters.
func (h *harness) authorize(authorizationURL string) url.Values {
	h.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authorizationURL)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		h.t.Fatalf("authorization answered %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		h.t.Fatal(err)
	}
	return loc.Query()
}

// connect runs the whole flow for ctx's user and returns the completion.
func (h *harness) connect(ctx context.Context, direction typev1.ConsentDirection) *consentv1.CompleteConnectionResponse {
	h.t.Helper()
	start, browser := h.start(ctx, direction, redirectBase)
	params := h.authorize(start.AuthorizationUrl)
	done, err := h.consent.CompleteConnection(browser, &consentv1.CompleteConnectionRequest{
		Code: params.Get("code"), State: params.Get("state"),
	})
	if err != nil {
		h.t.Fatalf("CompleteConnection: %v", err)
	}
	return done
}

// start starts a connection for ctx's user and returns, beside the answer,
// the context of the same browser's callback: it carries the binding
// secret the answer's headers held, as the gateway's cookie would.
func (h *harness) start(ctx context.Context, direction typev1.ConsentDirection, redirect string) (*consentv1.StartConnectionResponse, context.Context) {
	h.t.Helper()
	var header metadata.MD
	start, err := h.consent.StartConnection(ctx, &consentv1.StartConnectionRequest{Direction: direction, RedirectUri: redirect}, grpc.Header(&header))
	if err != nil {
		h.t.Fatalf("StartConnection: %v", err)
	}
	binding := header.Get(consentv1.BrowserBindingMetadata)
	if len(binding) != 1 {
		h.t.Fatalf("StartConnection sent no browser binding: %v", header)
	}
	return start, metadata.AppendToOutgoingContext(context.Background(), consentv1.BrowserBindingMetadata, binding[0])
}

// tokenRecorder stands in front of the simulator and remembers every token
// its token endpoint issued, so tests can look for them where they must not
// be. It also refuses the access tokens a test has made expire (see
// refuseAccess), as LinkedIn refuses an expired one.
type tokenRecorder struct {
	next    http.Handler
	mu      sync.Mutex
	tokens  []string
	refused map[string]bool
}

// refuseAccess makes LinkedIn's API answer 401 to an access token from now
// on, as it does once the token has expired; refreshing still works.
func (r *tokenRecorder) refuseAccess(token string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refused == nil {
		r.refused = map[string]bool{}
	}
	r.refused[token] = true
}

func (r *tokenRecorder) isRefused(req *http.Request) bool {
	token, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	r.mu.Lock()
	defer r.mu.Unlock()
	return ok && r.refused[token]
}

func (r *tokenRecorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if strings.HasPrefix(req.URL.Path, "/v2/") && r.isRefused(req) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"invalid_token","error_description":"the access token has expired"}`))
		return
	}
	if req.URL.Path != "/oauth/v2/accessToken" {
		r.next.ServeHTTP(w, req)
		return
	}
	rec := httptest.NewRecorder()
	r.next.ServeHTTP(rec, req)
	var issued struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if json.Unmarshal(rec.Body.Bytes(), &issued) == nil {
		r.mu.Lock()
		r.tokens = append(r.tokens, issued.AccessToken, issued.RefreshToken)
		r.mu.Unlock()
	}
	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

func (r *tokenRecorder) issued() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.tokens...)
}
