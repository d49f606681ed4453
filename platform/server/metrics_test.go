package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/metadata"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/telemetry"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// TestCallsAreMeasuredForPrometheus: with --metrics-addr, every RPC's
// duration (and so its rate and errors) is scraped at /metrics per
// method and status code.
func TestCallsAreMeasuredForPrometheus(t *testing.T) {
	metricsAddr := freeAddr(t)
	stop, err := telemetry.Setup(t.Context(), telemetry.Config{ServiceName: "test", MetricsAddr: metricsAddr})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stop(context.Background()) }()
	issuer := authtest.NewIssuer(t)
	srv, addr := newServer(t, issuer, func(o *server.Options) { o.Tracing = true })
	srv.GRPC().RegisterService(&echoDesc, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(context.Context) error { return nil }) }()
	defer func() { cancel(); <-done }()

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	token := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+issuer.User("contoso", "alice"))
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if err = conn.Invoke(token, "/test.Echo/Echo", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{}); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.Invoke(context.Background(), "/test.Echo/Echo", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{}) // no token: refused

	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	scraped := string(body)
	for _, want := range []string{"rpc_server_call_duration_seconds_count", `rpc_method="test.Echo/Echo"`, `rpc_response_status_code="OK"`, `rpc_response_status_code="UNAUTHENTICATED"`, "go_goroutines"} {
		if !strings.Contains(scraped, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("scraped:\n%s", grep(scraped, "rpc_"))
	}
}

func grep(text, substring string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, substring) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
