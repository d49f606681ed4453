package linkedinsim_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// The tests talk to the real handler over HTTP (httptest), with a clock they
// move by hand: nothing waits for real time to pass.

const (
	devClient   = "liaison-dev"
	devSecret   = "liaison-dev-secret"
	callbackURL = "http://localhost:8080/v1/linkedin/callback"
	allScopes   = "openid profile email r_network r_contacts_import w_contacts_import"
	// readScopes is what LinkedIn -> organization consent asks for.
	readScopes = "openid profile email r_network"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is a running simulator and a client that does not follow
// redirects, so tests can read the authorization response.
type harness struct {
	t      *testing.T
	url    string
	clock  *clock
	client *http.Client
}

// newHarness starts a seeded simulator with auto-approve on; change lets a
// test adjust the settings first, and opts are passed to New after the
// harness's clock.
func newHarness(t *testing.T, change func(*linkedinsim.Settings), opts ...linkedinsim.Option) *harness {
	t.Helper()
	settings := linkedinsim.Defaults()
	settings.AutoApprove = true
	if change != nil {
		change(settings)
	}
	clk := &clock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	sim, err := linkedinsim.New(*settings, logger, append([]linkedinsim.Option{linkedinsim.WithClock(clk.now)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return &harness{
		t: t, url: srv.URL, clock: clk,
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
}

// response is a finished HTTP exchange.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic map.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// decode decodes the body into v.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %T: %v\n%s", v, err, r.body)
	}
}

// errorCode is the "error" field of a JSON error body.
func (r response) errorCode(t *testing.T) string {
	t.Helper()
	code, _ := r.json(t)["error"].(string)
	return code
}

// do sends a request; body may be nil, a url.Values (sent as a form), or
// anything else (sent as JSON). token, when set, is sent as a bearer token.
func (h *harness) do(method, path, token string, body any) response {
	h.t.Helper()
	r, err := h.send(h.request(method, path, token, body))
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

// request builds the request do sends.
func (h *harness) request(method, path, token string, body any) *http.Request {
	h.t.Helper()
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, contentType = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd, contentType = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, h.url+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

// send exchanges req; it never fails the test, so it may run on any
// goroutine.
func (h *harness) send(req *http.Request) (response, error) {
	resp, err := h.client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// exchange is a request sent in the background, whose answer arrives later.
type exchange struct {
	what   string
	answer chan response
	failed chan error
}

// start sends req in the background.
func (h *harness) start(what string, req *http.Request) *exchange {
	e := &exchange{what: what, answer: make(chan response, 1), failed: make(chan error, 1)}
	go func() {
		if r, err := h.send(req); err != nil {
			e.failed <- err
		} else {
			e.answer <- r
		}
	}()
	return e
}

// await returns the answer of e, failing the test when none comes within
// limit: the bound that keeps a broken wake-up from hanging the test.
func (h *harness) await(e *exchange, limit time.Duration) response {
	h.t.Helper()
	select {
	case r := <-e.answer:
		return r
	case err := <-e.failed:
		h.t.Fatalf("%s: %v", e.what, err)
	case <-time.After(limit):
		h.t.Fatalf("%s: no answer within %s", e.what, limit)
	}
	return response{}
}

// pending reports whether e is still waiting for its answer.
func (e *exchange) pending() bool { return len(e.answer) == 0 && len(e.failed) == 0 }

// expect fails the test unless r has the wanted status.
func expect(t *testing.T, r response, status int, what string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, status, r.body)
	}
}

// pkcePair returns a fresh code verifier and its S256 challenge, computed
// here as RFC 7636 says rather than with the simulator's code.
func pkcePair(t *testing.T) (verifier, challenge string) {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	verifier = base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorizeQuery is a well-formed authorization request for email.
func authorizeQuery(email, scopes, challenge string) url.Values {
	return url.Values{
		"response_type": {"code"}, "client_id": {devClient}, "redirect_uri": {callbackURL},
		"scope": {scopes}, "state": {"st-42"}, "code_challenge": {challenge},
		"code_challenge_method": {"S256"}, "login_hint": {email},
	}
}

// redirectParams checks that r redirects to the callback and returns the
// query it carries.
func redirectParams(t *testing.T, r response) url.Values {
	t.Helper()
	expect(t, r, http.StatusFound, "authorization")
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != callbackURL {
		t.Fatalf("redirected to %s, want the callback %s", got, callbackURL)
	}
	return loc.Query()
}

// authorize runs the auto-approved authorization request and returns the code.
func (h *harness) authorize(email, scopes, challenge string) string {
	h.t.Helper()
	q := redirectParams(h.t, h.do("GET", "/oauth/v2/authorization?"+authorizeQuery(email, scopes, challenge).Encode(), "", nil))
	if q.Get("state") != "st-42" || q.Get("code") == "" {
		h.t.Fatalf("authorization response %v lacks the code or the state", q)
	}
	return q.Get("code")
}

// exchange redeems code at the token endpoint.
func (h *harness) exchange(code, redirectURI, verifier string) response {
	h.t.Helper()
	return h.do("POST", "/oauth/v2/accessToken", "", url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI},
		"client_id": {devClient}, "client_secret": {devSecret}, "code_verifier": {verifier},
	})
}

// tokens is the token endpoint's answer.
type tokens struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Scope                 string `json:"scope"`
}

// login runs the whole flow for email and returns the tokens.
func (h *harness) login(email, scopes string) tokens {
	h.t.Helper()
	verifier, challenge := pkcePair(h.t)
	r := h.exchange(h.authorize(email, scopes, challenge), callbackURL, verifier)
	expect(h.t, r, http.StatusOK, "code exchange")
	var tok tokens
	r.decode(h.t, &tok)
	return tok
}
