package linkedinsim_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

func TestRateLimitPerAccessToken(t *testing.T) {
	h := newHarness(t, func(s *linkedinsim.Settings) { s.RateLimit = 2 })
	alice := h.login("alice@contoso.com", readScopes)
	bob := h.login("bob@contoso.com", readScopes)

	// The clock stands still: a burst of one second's worth, then 429.
	for i := range 2 {
		expect(t, h.do("GET", "/v2/userinfo", alice.AccessToken, nil), http.StatusOK, "request "+strconv.Itoa(i+1))
	}
	r := h.do("GET", "/v2/connections", alice.AccessToken, nil)
	expect(t, r, http.StatusTooManyRequests, "third request in the same instant")
	if r.errorCode(t) != "rate_limited" {
		t.Errorf("error %q, want rate_limited", r.errorCode(t))
	}
	wait, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || wait < 1 {
		t.Fatalf("Retry-After %q is not a positive number of seconds", r.header.Get("Retry-After"))
	}

	// Another token has its own budget.
	expect(t, h.do("GET", "/v2/userinfo", bob.AccessToken, nil), http.StatusOK, "another member's token")

	// After waiting as told, the request goes through.
	h.clock.advance(time.Duration(wait) * time.Second)
	expect(t, h.do("GET", "/v2/userinfo", alice.AccessToken, nil), http.StatusOK, "after Retry-After")
}
