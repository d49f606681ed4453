package linkedin_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// The failures the consent service must tell apart: a code or refresh
// token that will never work (ErrInvalidGrant), a token the network
// refuses (ErrUnauthorized), and a network that is not answering
// (ErrUnavailable).

var readScopes = linkedin.ScopesFor(typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION)

func TestReusedCodeIsInvalidGrant(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	ctx := t.Context()
	code, verifier := s.authorize(p, "alice@contoso.com", readScopes)
	first, err := p.Exchange(ctx, code, verifier, callbackURL)
	if err != nil {
		t.Fatalf("first Exchange: %v", err)
	}
	_, err = p.Exchange(ctx, code, verifier, callbackURL)
	assertKind(t, err, linkedin.ErrInvalidGrant)
	assertNoSecret(t, err, code)
	perr := asError(t, err)
	if perr.StatusCode != http.StatusBadRequest || perr.Code != "invalid_grant" {
		t.Errorf("error = %+v, want 400 invalid_grant", perr)
	}
	// A replayed code may be stolen: the network revokes what the first
	// exchange issued (RFC 6749 section 4.1.2).
	_, err = p.Member(ctx, first.AccessToken)
	assertKind(t, err, linkedin.ErrUnauthorized)
}

func TestWrongVerifierIsInvalidGrant(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	code, _ := s.authorize(p, "alice@contoso.com", readScopes)
	otherVerifier, _ := linkedin.NewPKCE()
	_, err := p.Exchange(t.Context(), code, otherVerifier, callbackURL)
	assertKind(t, err, linkedin.ErrInvalidGrant)
	assertNoSecret(t, err, otherVerifier)
}

func TestWrongRedirectIsInvalidGrant(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	code, verifier := s.authorize(p, "alice@contoso.com", readScopes)
	_, err := p.Exchange(t.Context(), code, verifier, "http://localhost:8080/elsewhere")
	assertKind(t, err, linkedin.ErrInvalidGrant)
}

func TestUnknownRefreshTokenIsInvalidGrant(t *testing.T) {
	s := startSim(t, nil)
	_, err := s.provider(nil).Refresh(t.Context(), "rt_made-up")
	assertKind(t, err, linkedin.ErrInvalidGrant)
	assertNoSecret(t, err, "rt_made-up")
}

// TestWrongClientSecretIsPlain: a misconfigured client is none of the
// kinds: retrying will not help, and the member is not to blame.
func TestWrongClientSecretIsPlain(t *testing.T) {
	s := startSim(t, nil)
	good := s.provider(nil)
	code, verifier := s.authorize(good, "alice@contoso.com", readScopes)
	bad := s.provider(func(c *linkedin.Config) { c.ClientSecret = "not-the-secret" })
	_, err := bad.Exchange(t.Context(), code, verifier, callbackURL)
	assertKind(t, err, nil)
	assertNoSecret(t, err, "not-the-secret")
	if perr := asError(t, err); perr.StatusCode != http.StatusUnauthorized || perr.Code != "invalid_client" {
		t.Errorf("error = %+v, want 401 invalid_client", perr)
	}
}

// TestNetworkDown: nothing listens at the network's address.
func TestNetworkDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // its port now refuses connections
	p := newProvider(t, srv.URL, nil)
	allCallsFail(t, p, "at_any", "rt_any", func(t *testing.T, err error) {
		assertKind(t, err, linkedin.ErrUnavailable)
		if perr := asError(t, err); perr.StatusCode != 0 || perr.Err == nil {
			t.Errorf("error = %+v, want no status and the connection error", perr)
		}
	})
}

// TestInjectedFaults: the network answers 503 with Retry-After.
func TestInjectedFaults(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	tok := s.connect(p, "alice@contoso.com", linkedin.ScopesFor(typev1.ConsentDirection_BIDIRECTIONAL))

	s.setFaults(linkedinsim.Faults{ErrorRate: 1})
	allCallsFail(t, p, tok.AccessToken, tok.RefreshToken, func(t *testing.T, err error) {
		assertKind(t, err, linkedin.ErrUnavailable)
		perr := asError(t, err)
		if perr.StatusCode != http.StatusServiceUnavailable || perr.RetryAfter != time.Second {
			t.Errorf("error = %+v, want 503 with a retry after 1s", perr)
		}
	})

	s.setFaults(linkedinsim.Faults{})
	if _, err := p.Member(t.Context(), tok.AccessToken); err != nil {
		t.Fatalf("Member once the faults are gone: %v", err)
	}
}

// TestRateLimited: 429 is the network asking us to slow down.
func TestRateLimited(t *testing.T) {
	// One request per thousand seconds: the second one is always refused.
	s := startSim(t, func(st *linkedinsim.Settings) { st.RateLimit = 0.001 })
	p := s.provider(nil)
	tok := s.connect(p, "alice@contoso.com", readScopes)
	if _, err := p.Member(t.Context(), tok.AccessToken); err != nil {
		t.Fatalf("first Member: %v", err)
	}
	_, err := p.Member(t.Context(), tok.AccessToken)
	assertKind(t, err, linkedin.ErrUnavailable)
	if perr := asError(t, err); perr.StatusCode != http.StatusTooManyRequests || perr.RetryAfter <= 0 {
		t.Errorf("error = %+v, want 429 with a retry delay", perr)
	}
}

// TestTimeout: a network that never answers is unavailable once the
// client's timeout passes.
func TestTimeout(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(func(c *linkedin.Config) { c.Timeout = 50 * time.Millisecond })
	tok := s.connect(p, "alice@contoso.com", readScopes)
	// Far longer than the timeout; the simulator stops waiting when the
	// client hangs up, so the test does not wait for it. Only the /v2
	// calls: they have no request body, and an HTTP server notices a
	// client hanging up only once it has read the body, which the
	// simulator's fault injection does not.
	s.setFaults(linkedinsim.Faults{LatencyMs: 60_000, Paths: "/v2"})
	_, err := p.Member(t.Context(), tok.AccessToken)
	assertKind(t, err, linkedin.ErrUnavailable)
	_, err = p.DeleteImportedContacts(t.Context(), tok.AccessToken)
	assertKind(t, err, linkedin.ErrUnavailable)
}

// TestStalledServer: every call, OAuth endpoints included, gives up on a
// server that reads the request and never answers.
func TestStalledServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done() // until the client hangs up
	}))
	t.Cleanup(srv.Close)
	p := newProvider(t, srv.URL, func(c *linkedin.Config) { c.Timeout = 50 * time.Millisecond })
	allCallsFail(t, p, "at_any", "rt_any", func(t *testing.T, err error) {
		assertKind(t, err, linkedin.ErrUnavailable)
	})
}

// TestCanceledIsNotUnavailable: the caller giving up says nothing about
// the network.
func TestCanceledIsNotUnavailable(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := p.Member(ctx, "at_any")
	if !errors.Is(err, context.Canceled) || errors.Is(err, linkedin.ErrUnavailable) {
		t.Fatalf("Member with a canceled context: error = %v, want context.Canceled only", err)
	}
	_, err = p.Exchange(ctx, "ac_any", "verifier", callbackURL)
	if !errors.Is(err, context.Canceled) || errors.Is(err, linkedin.ErrUnavailable) {
		t.Fatalf("Exchange with a canceled context: error = %v, want context.Canceled only", err)
	}
}

// allCallsFail makes every call p offers that reaches the network, and
// hands each error to check.
func allCallsFail(t *testing.T, p linkedin.Provider, accessToken, refreshToken string, check func(*testing.T, error)) {
	t.Helper()
	ctx := t.Context()
	calls := map[string]func() error{
		"Exchange": func() error { _, err := p.Exchange(ctx, "ac_any", "verifier", callbackURL); return err },
		"Refresh":  func() error { _, err := p.Refresh(ctx, refreshToken); return err },
		"Member":   func() error { _, err := p.Member(ctx, accessToken); return err },
		"Revoke":   func() error { return p.Revoke(ctx, refreshToken) },
		"DeleteImportedContacts": func() error {
			_, err := p.DeleteImportedContacts(ctx, accessToken)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			check(t, err)
			assertNoSecret(t, err, accessToken)
			assertNoSecret(t, err, refreshToken)
		})
	}
}

// assertKind fails the test unless err is of kind, or of none of the
// kinds when kind is nil.
func assertKind(t *testing.T, err, kind error) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", kind)
	}
	for _, k := range []error{
		linkedin.ErrUnavailable, linkedin.ErrInvalidGrant, linkedin.ErrUnauthorized,
		linkedin.ErrNoMember, linkedin.ErrProfileHidden, linkedin.ErrEventsExpired,
	} {
		if errors.Is(err, k) != (k == kind) {
			t.Fatalf("error = %v; errors.Is(err, %q) = %v", err, k, errors.Is(err, k))
		}
	}
}

// asError returns err as the provider's *Error.
func asError(t *testing.T, err error) *linkedin.Error {
	t.Helper()
	perr, ok := errors.AsType[*linkedin.Error](err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *linkedin.Error", err, err)
	}
	return perr
}
