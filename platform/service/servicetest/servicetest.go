// Package servicetest runs a service from its Definition inside a test
// process, as its binary would run it (the same wiring, store, interceptors
// and background work), on a loopback port, in the spirit of OpenFGA's
// tests.StartServer.
package servicetest

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/service"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// readyTimeout bounds how long a service may take to start serving.
const readyTimeout = 15 * time.Second

// Running is a service started by Start.
type Running struct {
	// Addr is its gRPC address.
	Addr string
	// Conn is a client connection to it, with no credentials of its own.
	Conn *grpc.ClientConn
	stop func()
}

// Stop shuts the service down as SIGTERM would, and waits until its store
// has closed; the test's end does it too. Calling it twice is harmless.
func (r *Running) Stop() { r.stop() }

// Logger is a quiet logger for tests: warnings and errors only.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// Start runs def with settings s (whose listen address and ready file it
// sets) until Stop or the end of t, and returns once it serves.
func Start[S service.Settings, St service.Store](t testing.TB, def service.Definition[S, St], s S) *Running {
	t.Helper()
	base := s.Base()
	base.GRPCAddr = "127.0.0.1:0"
	base.ReadyFile = filepath.Join(t.TempDir(), def.Name+".addr")
	base.ShutdownDrain = 0 // nothing routes calls around a test: stop at once
	if err := s.Validate(); err != nil {
		t.Fatalf("%s settings: %v", def.Name, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan struct{})
	var serveErr error
	go func() {
		defer close(exited)
		serveErr = def.Serve(ctx, s, Logger().With("service", def.Name))
	}()
	// Every way out, a failed start included, stops the service and waits
	// until it has closed its store, before t's temporary files go.
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		<-exited
		if serveErr != nil && !errors.Is(serveErr, context.Canceled) {
			t.Errorf("%s: %v", def.Name, serveErr)
		}
	}
	t.Cleanup(stop)
	addr, err := waitReady(base.ReadyFile, exited)
	if err != nil {
		t.Fatalf("%s: %v", def.Name, err)
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	r := &Running{Addr: addr, Conn: conn}
	r.stop = func() {
		conn.Close()
		stop()
	}
	t.Cleanup(func() { conn.Close() })
	return r
}

// waitReady waits for the service to write its address to readyFile, which
// it does once it serves.
func waitReady(readyFile string, exited <-chan struct{}) (string, error) {
	deadline := time.Now().Add(readyTimeout)
	for {
		if b, err := os.ReadFile(readyFile); err == nil {
			if addr := strings.TrimSpace(string(b)); addr != "" {
				if _, port, err := net.SplitHostPort(addr); err == nil && port != "0" {
					return addr, nil
				}
			}
		}
		select {
		case <-exited:
			return "", errors.New("stopped before it served")
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return "", errors.New("not serving within " + readyTimeout.String())
		}
	}
}
