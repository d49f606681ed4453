package server

import (
	"context"
	"net/http"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/platform/telemetry"
)

// The caller's W3C trace context reaches the services unchanged, whether
// spans are exported (otelhttp and otelgrpc, here with the no-op tracer an
// unset provider gives) or not (the gateway only passes it on); a request
// without one sends none.
func TestTraceContextReachesTheServices(t *testing.T) {
	if _, err := telemetry.Setup(context.Background(), telemetry.Config{}); err != nil { // the W3C propagator
		t.Fatal(err)
	}
	const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	for _, tracing := range []bool{false, true} {
		b := startBackend(t)
		s := testSettings()
		s.tracing = tracing
		gw := startGatewayWith(t, s, everyBackendAt(b.addr), nil)
		for sent, want := range map[string]string{parent: parent, "": ""} {
			header := http.Header{}
			if sent != "" {
				header.Set("Traceparent", sent)
			}
			if resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso", "", header); resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, body %s", resp.StatusCode, body)
			}
			got := b.policy.lastMetadata().Get("traceparent")
			if (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
				t.Errorf("tracing %v, traceparent %q sent: the service got %q", tracing, sent, got)
			}
		}
	}
}
