package e2e

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestGatewayEndpoints covers the gateway's own routes, which need no token.
func TestGatewayEndpoints(t *testing.T) {
	t.Run("openapi.json describes the API", func(t *testing.T) {
		resp := anonymous.ok(t, "GET", "/openapi.json", nil, nil)
		var doc struct {
			Paths map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(resp.body, &doc); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		for _, p := range []string{"/v1/tenants", "/v1/tenants/{tenant}/users/{user}:checkAccess", "/v1/me/access",
			"/v1/me/linkedinConnection", "/v1/linkedin/callback", "/v1/tenants/{tenant}/linkedinConnections"} {
			if _, ok := doc.Paths[p]; !ok {
				t.Errorf("paths lack %s; have %d paths", p, len(doc.Paths))
			}
		}
	})

	t.Run("healthz", func(t *testing.T) {
		if resp := anonymous.send(t, "GET", "/healthz", nil); resp.status != http.StatusOK {
			t.Errorf("GET /healthz: status %d, body %s", resp.status, resp.body)
		}
	})

	t.Run("responses carry a request id", func(t *testing.T) {
		resp := anonymous.send(t, "GET", "/healthz", nil)
		if resp.header.Get("X-Request-Id") == "" {
			t.Error("no X-Request-Id header on the response")
		}
		resp = anonymous.withRequestID("e2e-echo-me").send(t, "GET", tenantPath("contoso"), nil)
		if got := resp.header.Get("X-Request-Id"); got != "e2e-echo-me" {
			t.Errorf("X-Request-Id = %q on an error response, want the one sent back", got)
		}
	})
}
