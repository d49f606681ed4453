package server

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// TestShutdownDrains: once shutdown starts, /readyz answers 503 for the
// drain while the API still answers; then the listener closes.
func TestShutdownDrains(t *testing.T) {
	b := startBackend(t)
	cfg := Defaults()
	cfg.HTTPAddr = "127.0.0.1:0"
	cfg.BackendAddrs = everyBackendAt(b.addr)
	cfg.ShutdownDrain = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := New(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx) }()
	base := "http://" + s.Addr()
	if resp, body := apitest.Do(t, "GET", base+"/readyz", "", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz before shutdown: %d %s", resp.StatusCode, body)
	}

	cancel()
	time.Sleep(100 * time.Millisecond)
	if resp, body := apitest.Do(t, "GET", base+"/readyz", "", nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining: %d %s, want 503", resp.StatusCode, body)
	}
	if resp, body := apitest.Do(t, "GET", base+"/v1/tenants/contoso", "", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the API while draining: %d %s, want it answered", resp.StatusCode, body)
	}
	select {
	case err := <-served:
		t.Fatalf("the gateway stopped during its drain: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := <-served; err != nil {
		t.Errorf("Serve after the drain: %v", err)
	}
	if _, err := http.Get(base + "/readyz"); err == nil {
		t.Error("the listener still answers after the drain")
	}
}
