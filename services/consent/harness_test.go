package consent_test

import (
	"cmp"
	"context"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sealing"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent"
	"github.com/liaisonhq/liaison/services/consent/provider"
	consentstore "github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedinsim"
	"github.com/liaisonhq/liaison/services/policy"
	"github.com/liaisonhq/liaison/services/policy/demo"
	policystore "github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
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
	network    *recordingProvider
	dbURL      string
	stores     []interface{ Close() error }
	key        []byte
	// stopConsent stops the consent service (for restart tests).
	stopConsent func()
	// stateTTL is the consent service's; zero means 10 minutes.
	stateTTL time.Duration
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, issuer: authtest.NewIssuer(t)}
	// Registered first, so it runs last: after the servers have stopped.
	t.Cleanup(func() {
		for _, s := range h.stores {
			s.Close()
		}
	})
	h.startPolicy()
	h.startSimulator()
	h.key = make([]byte, 32)
	rand.Read(h.key)
	h.dbURL = "sqlite:" + filepath.Join(t.TempDir(), "consent.db")
	h.startConsent()
	return h
}

func (h *harness) startPolicy() {
	svc := policy.New(servertest.Logger())
	url := "sqlite:" + filepath.Join(h.t.TempDir(), "policy.db")
	running := servertest.Start(h.t, servertest.Service{
		Auth: h.issuer.For("policy"), Rules: policy.Rules(),
		Register: func(s *grpc.Server) { policyv1.RegisterPolicyServiceServer(s, svc) },
		Ready: func(ctx context.Context, background *sync.WaitGroup) error {
			st, err := policystore.Open(ctx, url, true)
			if err != nil {
				return err
			}
			h.stores = append(h.stores, st)
			if err := svc.Start(ctx, st, changelog.Options{Background: background}); err != nil {
				return err
			}
			_, err = demo.Seed(ctx, svc)
			return err
		},
	})
	h.policy, h.policyAddr = policyv1.NewPolicyServiceClient(running.Conn), running.Addr
}

func (h *harness) startSimulator() {
	settings := linkedinsim.Defaults()
	settings.AutoApprove = true
	sim, err := linkedinsim.New(*settings, servertest.Logger())
	if err != nil {
		h.t.Fatal(err)
	}
	h.sim = httptest.NewServer(sim.Handler())
	h.t.Cleanup(h.sim.Close)
}

// startConsent runs the consent service over h.dbURL; after a stop it
// starts again on the same database.
func (h *harness) startConsent() {
	t := h.t
	network, err := provider.NewLinkedIn(provider.LinkedInConfig{
		BaseURL: h.sim.URL, ClientID: "liaison-dev", ClientSecret: "liaison-dev-secret", Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if h.network == nil {
		h.network = &recordingProvider{}
	}
	h.network.Provider = network
	sealer, err := sealing.New(h.key)
	if err != nil {
		t.Fatal(err)
	}
	// Consent calls policy as itself, with its own key.
	creds := h.issuer.ServiceCredentials("consent", "policy", 0)
	policyConn, err := grpc.NewClient(h.policyAddr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { policyConn.Close() })
	svc := consent.New(consent.Options{
		Provider: h.network, Sealer: sealer, Policy: policyv1.NewPolicyServiceClient(policyConn),
		CallbackURL: "http://127.0.0.1/v1/linkedin/callback", RedirectOrigins: []string{"https://app.contoso.test"},
		StateTTL: cmp.Or(h.stateTTL, 10*time.Minute), Logger: servertest.Logger(),
	})
	running := servertest.Start(t, servertest.Service{
		Auth: h.issuer.Config, Rules: consent.Rules(),
		Unauthenticated: []string{"/liaison.consent.v1.ConsentService/CompleteConnection"},
		Register:        func(s *grpc.Server) { consentv1.RegisterConsentServiceServer(s, svc) },
		Ready: func(ctx context.Context, background *sync.WaitGroup) error {
			st, err := consentstore.Open(ctx, h.dbURL, true)
			if err != nil {
				return err
			}
			h.stores = append(h.stores, st)
			return svc.Start(ctx, st, changelog.Options{Background: background})
		},
	})
	h.stopConsent = running.Stop
	t.Cleanup(h.stopConsent)
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

// recordingProvider remembers every token the network issued, so tests can
// look for them where they must not be.
type recordingProvider struct {
	provider.Provider
	mu     sync.Mutex
	tokens []string
}

func (r *recordingProvider) Exchange(ctx context.Context, code, verifier, redirect string) (*provider.Token, error) {
	tok, err := r.Provider.Exchange(ctx, code, verifier, redirect)
	if err == nil {
		r.mu.Lock()
		r.tokens = append(r.tokens, tok.AccessToken, tok.RefreshToken)
		r.mu.Unlock()
	}
	return tok, err
}

func (r *recordingProvider) issued() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.tokens...)
}
