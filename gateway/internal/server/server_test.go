package server

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

func TestServeUntilContextEnds(t *testing.T) {
	b := startBackend(t)
	cfg := Defaults()
	cfg.HTTPAddr = "127.0.0.1:0"
	cfg.BackendAddrs = everyBackendAt(b.addr)
	cfg.ReadyFile = filepath.Join(t.TempDir(), "ready")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := New(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx) }()

	// The listener is bound before Serve, so the request waits in its backlog
	// rather than racing it.
	resp, body := apitest.Do(t, "GET", "http://"+s.Addr()+"/v1/tenants/contoso", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, body %s", resp.StatusCode, body)
	}
	// The ready file is written before the first request is served.
	if got, err := os.ReadFile(cfg.ReadyFile); err != nil || string(got) != s.Addr() {
		t.Errorf("ready file = %q (%v), want %q", got, err, s.Addr())
	}

	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
}
