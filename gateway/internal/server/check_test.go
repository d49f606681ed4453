package server

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// TestCheckAsksTheGatewayAndEveryService: all serving passes; a service
// not serving, and a gateway not ready, each fail the check by name.
func TestCheckAsksTheGatewayAndEveryService(t *testing.T) {
	ready := true
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" || !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer gateway.Close()

	s := Defaults()
	s.HTTPAddr = strings.TrimPrefix(gateway.URL, "http://")
	healths := map[string]*health.Server{}
	for _, b := range backends {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := grpc.NewServer()
		healths[b.name] = health.NewServer()
		healthpb.RegisterHealthServer(srv, healths[b.name])
		go func() { _ = srv.Serve(ln) }()
		defer srv.Stop()
		s.BackendAddrs[b.name] = ln.Addr().String()
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	if err := Check(t.Context(), s, logger); err != nil {
		t.Fatalf("everything serving: %v", err)
	}
	healths["consent"].SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
	ready = false
	err := Check(t.Context(), s, logger)
	if err == nil || !strings.Contains(err.Error(), "consent at ") || !strings.Contains(err.Error(), "gateway http://") ||
		strings.Contains(err.Error(), "policy at") {
		t.Errorf("consent not serving and the gateway not ready: %v", err)
	}
}
