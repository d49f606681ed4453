package linkedinsim_test

import (
	"net/http"
	"testing"
)

func TestFaultsBreakThePublicAPIOnly(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", readScopes)

	expect(t, h.do("PUT", "/sim/faults", "", map[string]any{"errorRate": 1, "paths": "/v2/connections"}), http.StatusOK, "set faults")
	r := h.do("GET", "/v2/connections", tok.AccessToken, nil)
	expect(t, r, http.StatusServiceUnavailable, "a faulted path")
	if r.errorCode(t) != "service_unavailable" || r.header.Get("Retry-After") == "" {
		t.Errorf("503 without the error code or Retry-After: %v %s", r.header, r.body)
	}
	expect(t, h.do("GET", "/v2/userinfo", tok.AccessToken, nil), http.StatusOK, "a path outside the prefix")

	expect(t, h.do("PUT", "/sim/faults", "", map[string]any{"errorRate": 1, "latencyMs": 1}), http.StatusOK, "fault everything")
	expect(t, h.do("GET", "/v2/userinfo", tok.AccessToken, nil), http.StatusServiceUnavailable, "userinfo")
	expect(t, h.do("GET", "/sim/members/m-alice", "", nil), http.StatusOK, "the admin API keeps working")
	expect(t, h.do("GET", "/healthz", "", nil), http.StatusOK, "health keeps working")
	if f := h.do("GET", "/sim/faults", "", nil).json(t); f["errorRate"] != 1.0 || f["latencyMs"] != 1.0 {
		t.Errorf("GET /sim/faults: %v", f)
	}

	expect(t, h.do("DELETE", "/sim/faults", "", nil), http.StatusNoContent, "clear faults")
	expect(t, h.do("GET", "/v2/connections", tok.AccessToken, nil), http.StatusOK, "after clearing")

	expect(t, h.do("PUT", "/sim/faults", "", map[string]any{"errorRate": 1.5}), http.StatusBadRequest, "error rate above 1")
}
