package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestGatewayAnswersDoNotGrowWithTheInput: an error quoting a huge input
// (a field name, an enum value, a query parameter, a path segment a service
// quotes) answers a few hundred bytes, not a copy of the input, and still
// names the field.
func TestGatewayAnswersDoNotGrowWithTheInput(t *testing.T) {
	ten, admin := newTenant(t, "US")
	base := tenantPath(ten.ID)
	const maxAnswer = 4 << 10
	big := strings.Repeat("A\"\\\x01é", 2_000) // 36 KB escaped: within the header limit
	jsonBig := strings.Repeat(`A\"\\\u0001é`, 50_000)
	for _, c := range []struct {
		what, method, path string
		body               any
		status             int
		field              string // the field named, or a prefix of it; "" for none
	}{
		{"unknown body field", "POST", base + "/users", `{"` + strings.Repeat("n", 500_000) + `": 1}`, http.StatusBadRequest, "nnnnnnnn"},
		{"enum value in the body", "PATCH", base + "/linkedinSettings", `{"mode": "` + jsonBig + `"}`, http.StatusBadRequest, "mode"},
		{"unknown query parameter", "GET", base + "/users?" + url.QueryEscape(big) + "=1", nil, http.StatusBadRequest, "A"},
		{"query parameter value", "GET", base + "/users?pageSize=" + url.QueryEscape(big), nil, http.StatusBadRequest, "pageSize"},
		{"enum query value", "GET", "/v1/me/access?capability=" + url.QueryEscape(big), nil, http.StatusBadRequest, "capability"},
		{"path segment", "GET", "/v1/tenants/" + url.PathEscape(big), nil, 0, ""},
	} {
		t.Run(c.what, func(t *testing.T) {
			resp := admin.send(t, c.method, c.path, c.body)
			if len(resp.body) >= maxAnswer || c.status != 0 && resp.status != c.status {
				t.Fatalf("status %d, %d bytes; want %d, under %d bytes (starts %.300s)", resp.status, len(resp.body), c.status, maxAnswer, resp.body)
			}
			if resp.status < 400 {
				t.Fatalf("status %d: a huge input was accepted", resp.status)
			}
			if c.field != "" {
				wantFieldError(t, resp.body, c.field)
			}
		})
	}
}
