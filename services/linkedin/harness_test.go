package linkedin_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// The tests run the provider against the real simulator handler over HTTP,
// with auto-approve on so the authorization step needs no browser.

const (
	devClient   = "liaison-dev"
	devSecret   = "liaison-dev-secret"
	callbackURL = "http://localhost:8080/v1/linkedin/callback"
)

// sim is a running simulator.
type sim struct {
	t   *testing.T
	url string
	// browser plays the member's browser: it does not follow redirects,
	// so the test can read the code from the redirect to the callback.
	browser *http.Client
}

// startSim starts a seeded simulator with auto-approve on; change lets a
// test adjust the settings first.
func startSim(t *testing.T, change func(*linkedinsim.Settings)) *sim {
	t.Helper()
	settings := linkedinsim.Defaults()
	settings.AutoApprove = true
	if change != nil {
		change(settings)
	}
	s, err := linkedinsim.New(*settings, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &sim{
		t: t, url: srv.URL,
		browser: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
}

// provider returns a Client for the simulator's development
// client; change lets a test adjust the config first.
func (s *sim) provider(change func(*linkedin.Config)) *linkedin.Client {
	s.t.Helper()
	return newProvider(s.t, s.url, change)
}

func newProvider(t *testing.T, baseURL string, change func(*linkedin.Config)) *linkedin.Client {
	t.Helper()
	cfg := linkedin.Config{BaseURL: baseURL, ClientID: devClient, ClientSecret: devSecret}
	if change != nil {
		change(&cfg)
	}
	p, err := linkedin.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// authorize walks the member's browser through p's authorization URL for
// email and returns the code the callback receives, with the verifier
// that redeems it.
func (s *sim) authorize(p linkedin.Provider, email string, scopes []string) (code, verifier string) {
	s.t.Helper()
	verifier, challenge := linkedin.NewPKCE()
	const state = "state-123"
	resp, err := s.browser.Get(p.AuthorizationURL(state, challenge, callbackURL, scopes, email))
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		s.t.Fatalf("authorization: status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		s.t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != callbackURL {
		s.t.Fatalf("redirected to %s, want the callback %s", got, callbackURL)
	}
	q := loc.Query()
	if q.Get("state") != state || q.Get("code") == "" {
		s.t.Fatalf("the callback query %v lacks the code or the state", q)
	}
	return q.Get("code"), verifier
}

// connect runs the whole authorization for email and returns the tokens.
func (s *sim) connect(p linkedin.Provider, email string, scopes []string) *linkedin.Token {
	s.t.Helper()
	code, verifier := s.authorize(p, email, scopes)
	tok, err := p.Exchange(s.t.Context(), code, verifier, callbackURL)
	if err != nil {
		s.t.Fatalf("Exchange: %v", err)
	}
	return tok
}

// call sends a request to the simulator, with a bearer token when token
// is set and body as JSON when not nil, and decodes a JSON answer into out
// when not nil. It returns the status.
func (s *sim) call(method, path, token string, body, out any) int {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			s.t.Fatalf("%s %s: decoding the answer: %v", method, path, err)
		}
	}
	return resp.StatusCode
}

// setFaults makes the simulator's public API fail or stall.
func (s *sim) setFaults(f linkedinsim.Faults) {
	s.t.Helper()
	if status := s.call(http.MethodPut, "/sim/faults", "", f, nil); status != http.StatusOK {
		s.t.Fatalf("setting faults: status %d", status)
	}
}
