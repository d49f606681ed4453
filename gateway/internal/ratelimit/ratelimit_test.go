package ratelimit

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// clock is a settable time, so the buckets refill when the test says.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newLimiter(t *testing.T, s Settings) (*Limiter, *clock) {
	t.Helper()
	var errs jsonapi.Errors
	errs.Attach(runtime.NewServeMux(jsonapi.MuxOptions(slog.New(slog.DiscardHandler))...))
	l, err := New(s, errs.Write)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Unix(1_000_000, 0)}
	l.now = c.now
	return l, c
}

// send sends one request from addr with token and returns the recorder.
func send(l *Limiter, path, addr, token string) *httptest.ResponseRecorder {
	authorization := ""
	if token != "" {
		authorization = "Bearer " + token
	}
	return sendAuthorization(l, path, addr, authorization)
}

// sendAuthorization sends one request from addr with the Authorization
// header, when not empty, spelt exactly so.
func sendAuthorization(l *Limiter, path, addr, authorization string) *httptest.ResponseRecorder {
	header := http.Header{}
	if authorization != "" {
		header.Set("Authorization", authorization)
	}
	return sendHeaders(l, path, addr, header)
}

// sendHeaders sends one request from addr with exactly these headers.
func sendHeaders(l *Limiter, path, addr string, header http.Header) *httptest.ResponseRecorder {
	h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = addr
	req.Header = header
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestCallerOverItsRateGets429WithRetryAfter(t *testing.T) {
	l, c := newLimiter(t, Settings{PerCaller: 0.5, CallerBurst: 2, MaxKeys: 10})
	for i := range 2 {
		if rec := send(l, "/v1/me/access", "10.0.0.1:1000", "alice"); rec.Code != http.StatusOK {
			t.Fatalf("request %d within the burst: %d", i, rec.Code)
		}
	}
	rec := send(l, "/v1/me/access", "10.0.0.1:1000", "alice")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "2" {
		t.Fatalf("over the rate: %d, Retry-After %q; want 429, 2", rec.Code, rec.Header().Get("Retry-After"))
	}
	if code, reason, _ := apitest.ParseError(t, rec.Body.Bytes()); code != 8 || reason != "RATE_LIMITED" {
		t.Errorf("error body %s: code %d, reason %q", rec.Body, code, reason)
	}
	if rec := send(l, "/v1/me/access", "10.0.0.1:1000", "bob"); rec.Code != http.StatusOK {
		t.Errorf("another caller was limited: %d", rec.Code)
	}
	if rec := send(l, "/healthz", "10.0.0.1:1000", "alice"); rec.Code != http.StatusOK {
		t.Errorf("a probe was limited: %d", rec.Code)
	}
	c.t = c.t.Add(2 * time.Second)
	if rec := send(l, "/v1/me/access", "10.0.0.1:1000", "alice"); rec.Code != http.StatusOK {
		t.Errorf("after Retry-After: %d", rec.Code)
	}
}

// Every spelling of the Bearer scheme the services accept is the same
// caller: respelling the header does not buy a fresh bucket.
func TestEverySpellingOfATokenIsOneCaller(t *testing.T) {
	l, _ := newLimiter(t, Settings{PerCaller: 0.001, CallerBurst: 1, MaxKeys: 10})
	if rec := send(l, "/v1/me/access", "10.0.0.1:1000", "alice.token"); rec.Code != http.StatusOK {
		t.Fatalf("first request: %d", rec.Code)
	}
	for _, header := range []string{"bearer alice.token", "BEARER alice.token", "Bearer  alice.token", "  Bearer alice.token  "} {
		rec := sendAuthorization(l, "/v1/me/access", "10.0.0.1:1000", header)
		if rec.Code != http.StatusTooManyRequests {
			t.Errorf("%q: %d, want 429 as the same caller", header, rec.Code)
		}
	}
}

// A header the services would refuse as malformed, or never receive (a tab
// is not gRPC metadata text, so grpc-gateway drops the value), names no
// caller, and such requests still count against their address.
func TestMalformedAuthorizationIsLimitedByAddress(t *testing.T) {
	l, _ := newLimiter(t, Settings{PerCaller: 1000, CallerBurst: 1000, PerAddress: 0.001, AddressBurst: 1, MaxKeys: 10})
	if rec := sendAuthorization(l, "/v1/me/access", "10.0.0.1:1000", "Bearer alice"); rec.Code != http.StatusOK {
		t.Fatalf("first request: %d", rec.Code)
	}
	for _, header := range []string{"Bearer al ice", "Bearer", "Basic alice", "Bearer alice extra", "Bearer\talice"} {
		if rec := sendAuthorization(l, "/v1/me/access", "10.0.0.1:1000", header); rec.Code != http.StatusTooManyRequests {
			t.Errorf("%q: %d, want 429 by address", header, rec.Code)
		}
	}
}

// The services authenticate the first Authorization value grpc-gateway
// forwards, and it drops values that are not printable ASCII: a token sent
// behind junk is that token's caller, however the junk varies.
func TestATokenBehindJunkIsStillItsCaller(t *testing.T) {
	l, _ := newLimiter(t, Settings{PerCaller: 0.001, CallerBurst: 1, MaxKeys: 10})
	if rec := send(l, "/v1/me/access", "10.0.0.1:1000", "real.token.sig"); rec.Code != http.StatusOK {
		t.Fatalf("first request: %d", rec.Code)
	}
	for _, junk := range []string{"Bearer \x80junk", "Bearer \xffother", "Bearer\treal.token.sig", "\x00"} {
		rec := sendHeaders(l, "/v1/me/access", "10.0.0.1:1000", http.Header{"Authorization": {junk, "Bearer real.token.sig"}})
		if rec.Code != http.StatusTooManyRequests {
			t.Errorf("%q, then the token: %d, want 429 as the token's caller", junk, rec.Code)
		}
	}
}

func TestAddressOverItsRateIsLimitedWhateverItsTokens(t *testing.T) {
	l, _ := newLimiter(t, Settings{PerAddress: 1, AddressBurst: 3, MaxKeys: 10})
	for i, token := range []string{"a", "b", "", "c"} {
		rec := send(l, "/v1/tenants", "[2001:db8::1]:1000", token)
		if want := map[bool]int{true: 200, false: 429}[i < 3]; rec.Code != want {
			t.Errorf("request %d: %d, want %d", i, rec.Code, want)
		}
	}
	// The same /64 is the same client.
	if rec := send(l, "/v1/tenants", "[2001:db8::2]:1000", ""); rec.Code != http.StatusTooManyRequests {
		t.Errorf("another address of the /64: %d", rec.Code)
	}
	if rec := send(l, "/v1/tenants", "10.0.0.2:1000", ""); rec.Code != http.StatusOK {
		t.Errorf("another client: %d", rec.Code)
	}
}

// A flood of new tokens evicts old buckets instead of growing without end.
func TestRememberedKeysAreBounded(t *testing.T) {
	l, _ := newLimiter(t, Settings{PerCaller: 1, CallerBurst: 1, MaxKeys: 3})
	for i := range 100 {
		send(l, "/", "10.0.0.1:1", string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	if n := l.callers.buckets.Len(); n != 3 {
		t.Errorf("%d buckets kept, want 3", n)
	}
}

func TestRatesOfZeroAreOff(t *testing.T) {
	l, _ := newLimiter(t, Settings{MaxKeys: 1})
	for range 50 {
		if rec := send(l, "/", "10.0.0.1:1", "alice"); rec.Code != http.StatusOK {
			t.Fatalf("limited with limits off: %d", rec.Code)
		}
	}
}

func TestSettingsAreValidated(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	for _, s := range []Settings{
		{PerCaller: -1, MaxKeys: 1},
		{PerCaller: 1, CallerBurst: 0, MaxKeys: 1},
		{PerAddress: 1, AddressBurst: 0, MaxKeys: 1},
		{MaxKeys: 0},
	} {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}
