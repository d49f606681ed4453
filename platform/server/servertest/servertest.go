// Package servertest runs a platform server on a loopback port for a test,
// with the full interceptor chain, so tests call services as clients do.
package servertest

import (
	"context"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Service describes the service to run.
type Service struct {
	Auth            auth.Config
	Rules           validate.Rules
	Unauthenticated []string
	// Register registers the service on the server.
	Register func(*grpc.Server)
	// Tune, when set, adjusts the server's options before it is built.
	Tune func(*server.Options)
	// Ready opens the service's store and starts the service, leaving its
	// background work to the WaitGroup; the server serves once it returns,
	// and Stop waits for that work to end.
	Ready func(ctx context.Context, background *sync.WaitGroup) error
}

// Running is a started server.
type Running struct {
	Addr string
	Conn *grpc.ClientConn
	stop func()
}

// Stop stops the server gracefully and waits for it; safe to call twice.
func (r *Running) Stop() { r.stop() }

// Logger is a quiet logger for tests: warnings and errors only.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// Start runs svc until Stop or the end of the test, and returns once it is
// ready, with a client connection to it.
func Start(t testing.TB, svc Service) *Running {
	t.Helper()
	verifier, err := auth.NewVerifier(context.Background(), svc.Auth, false)
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts := server.Options{
		Listener: lis, Grace: time.Second, Logger: Logger(), Verifier: verifier,
		Rules: svc.Rules, Unauthenticated: svc.Unauthenticated,
	}
	if svc.Tune != nil {
		svc.Tune(&opts)
	}
	srv := server.New(opts)
	svc.Register(srv.GRPC())
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	var background sync.WaitGroup
	go func() {
		done <- srv.Run(ctx, func(ctx context.Context) error {
			if err := svc.Ready(ctx, &background); err != nil {
				return err
			}
			close(ready)
			return nil
		})
	}()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("server stopped before it was ready: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("server not ready within 10s")
	}
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	r := &Running{Addr: lis.Addr().String(), Conn: conn}
	r.stop = func() {
		if stopped {
			return
		}
		stopped = true
		conn.Close()
		cancel()
		if err := <-done; err != nil && err != context.Canceled {
			t.Errorf("server: %v", err)
		}
		background.Wait()
	}
	t.Cleanup(r.stop)
	return r
}

// NoBackground is a Ready for a service with no store and no background
// work.
func NoBackground(context.Context, *sync.WaitGroup) error { return nil }
