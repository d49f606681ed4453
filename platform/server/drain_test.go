package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
)

// TestShutdownDrains stops a server with a one-second drain: health says
// NOT_SERVING at once, but calls, new connections included, are answered
// for the whole drain, and only then does the server stop.
func TestShutdownDrains(t *testing.T) {
	const drain = time.Second
	issuer := authtest.NewIssuer(t)
	srv, addr := newServer(t, issuer, func(o *server.Options) { o.Drain = drain })
	srv.GRPC().RegisterService(&echoDesc, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(context.Context) error { return nil }) }()
	token := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+issuer.User("contoso", "alice"))
	echo := func() error {
		// A new connection each time: the listener must still accept.
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Invoke(token, "/test.Echo/Echo", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{})
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	health := healthpb.NewHealthClient(conn)
	waitHealth(t, health, healthpb.HealthCheckResponse_SERVING)

	cancel()
	stopping := time.Now()
	waitHealth(t, health, healthpb.HealthCheckResponse_NOT_SERVING)
	for time.Since(stopping) < drain*3/4 {
		if err := echo(); err != nil {
			t.Fatalf("a call %v into a %v drain: %v", time.Since(stopping).Round(time.Millisecond), drain, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(drain + 3*time.Second):
		t.Fatal("the server did not stop after the drain")
	}
	if err := echo(); err == nil {
		t.Fatal("a call after the drain was answered")
	}
}
