package server

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"testing"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

func TestGetTenantReachesServiceWithMetadata(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)

	resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso", "", http.Header{
		"Authorization": {"Bearer token-abc"},
		"X-Request-Id":  {"req-42"},
		"Accept":        {"application/json"},
	})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, body %s", resp.StatusCode, body)
	}
	md := b.policy.lastMetadata()
	if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer token-abc" {
		t.Errorf("authorization metadata = %q, want [Bearer token-abc]", got)
	}
	if got := md.Get("x-request-id"); len(got) != 1 || got[0] != "req-42" {
		t.Errorf("x-request-id metadata = %q, want [req-42]", got)
	}
	// The credential goes once, under the key the services read; other
	// standard headers go as grpc-gateway forwards them.
	if got := md.Get("grpcgateway-authorization"); len(got) != 0 {
		t.Errorf("the credential went twice: grpcgateway-authorization = %q", got)
	}
	if got := md.Get("grpcgateway-accept"); len(got) != 1 || got[0] != "application/json" {
		t.Errorf("grpcgateway-accept metadata = %q, want [application/json]", got)
	}
	if got := resp.Header.Get("X-Request-Id"); got != "req-42" {
		t.Errorf("X-Request-Id response header = %q, want req-42", got)
	}

	var tenant map[string]any
	if err := json.Unmarshal(body, &tenant); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id":                "contoso",
		"displayName":       "Contoso",
		"cloud":             "PUBLIC", // enum as its name
		"dataLocation":      "US",
		"linkedinAvailable": false, // zero value still present
	}
	for k, v := range want {
		if tenant[k] != v {
			t.Errorf("%s = %#v, want %#v (body %s)", k, tenant[k], v, body)
		}
	}
}

func TestServiceErrorsAreJSONWithContractStatus(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)

	resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/frozen", "", nil)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("FailedPrecondition: status %d, want 409 (body %s)", resp.StatusCode, body)
	}
	var st struct {
		Code    int              `json:"code"`
		Message string           `json:"message"`
		Details []map[string]any `json:"details"`
	}
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	if st.Code != 9 || st.Message != "tenant is being deleted" || len(st.Details) != 1 || st.Details[0]["reason"] != "RESOURCE_IN_USE" {
		t.Errorf("error body = %s", body)
	}

	if resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/nobody", "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("NotFound: status %d, want 404 (body %s)", resp.StatusCode, body)
	}
}

func TestBadJSONIs400(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)

	for name, body := range map[string]string{
		"malformed":     `{"id": `,
		"unknown field": `{"id": "fabrikam", "colour": "blue"}`,
	} {
		resp, got := apitest.Do(t, "POST", gw.URL+"/v1/tenants", body, http.Header{"Content-Type": {"application/json"}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400 (body %s)", name, resp.StatusCode, got)
		}
	}
}

func TestReadinessFollowsBothServices(t *testing.T) {
	policy, consent := startBackend(t), startBackend(t)
	gw := startGateway(t, policy.addr, consent.addr, nil)

	ready := func(wantCode int, want map[string]string) {
		t.Helper()
		resp, body := apitest.Do(t, "GET", gw.URL+"/readyz", "", nil)
		var got map[string]string
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("body %s: %v", body, err)
		}
		if resp.StatusCode != wantCode || !maps.Equal(got, want) {
			t.Errorf("status %d, body %v; want %d, %v", resp.StatusCode, got, wantCode, want)
		}
	}
	// Every backend but policy is served by the consent fake.
	states := func(status, policy, others string) map[string]string {
		m := map[string]string{"status": status}
		for _, b := range backends {
			m[b.name] = others
		}
		m["policy"] = policy
		return m
	}
	ready(http.StatusOK, states("ok", "SERVING", "SERVING"))

	consent.health.SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
	ready(http.StatusServiceUnavailable, states("unavailable", "SERVING", "NOT_SERVING"))

	consent.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	policy.health.SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
	ready(http.StatusServiceUnavailable, states("unavailable", "NOT_SERVING", "SERVING"))

	if resp, body := apitest.Do(t, "GET", gw.URL+"/healthz", "", nil); resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"ok"`)) {
		t.Errorf("liveness must not follow the services: status %d, body %s", resp.StatusCode, body)
	}
}

func TestServiceDown(t *testing.T) {
	addr := apitest.UnusedAddr(t)
	gw := startGateway(t, addr, addr, nil)
	if resp, body := apitest.Do(t, "GET", gw.URL+"/readyz", "", nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz: status %d, want 503 (body %s)", resp.StatusCode, body)
	}
	resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !bytes.Contains(body, []byte("DEPENDENCY_UNAVAILABLE")) {
		t.Errorf("API: status %d, body %s: want 503 DEPENDENCY_UNAVAILABLE", resp.StatusCode, body)
	}
	if bytes.Contains(body, []byte(addr)) {
		t.Errorf("the error shows the service's address: %s", body)
	}
}

func TestRoutingErrors(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), nil)
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/no/such/path", http.StatusNotFound},
		{"DELETE", "/healthz", http.StatusMethodNotAllowed},
	} {
		if resp, body := apitest.Do(t, c.method, gw.URL+c.path, "", nil); resp.StatusCode != c.want || !bytes.Contains(body, []byte(`"code"`)) {
			t.Errorf("%s %s: status %d, body %s, want %d with a JSON status", c.method, c.path, resp.StatusCode, body, c.want)
		}
	}
}

func TestRequestIDGeneratedOnEveryResponse(t *testing.T) {
	gw := startGateway(t, apitest.UnusedAddr(t), apitest.UnusedAddr(t), nil)
	for _, path := range []string{"/healthz", "/no/such/path"} {
		resp, _ := apitest.Do(t, "GET", gw.URL+path, "", nil)
		if id := resp.Header.Get("X-Request-Id"); len(id) != 32 {
			t.Errorf("%s: X-Request-Id = %q, want 32 hex digits", path, id)
		}
	}
}
