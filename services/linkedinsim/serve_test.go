package linkedinsim_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// TestServeWritesTheReadyFileAndStops runs the server as the binary does:
// on a random port, announced in the ready file, until its context ends.
func TestServeWritesTheReadyFileAndStops(t *testing.T) {
	settings := linkedinsim.Defaults()
	settings.HTTPAddr = "127.0.0.1:0"
	settings.ReadyFile = filepath.Join(t.TempDir(), "ready")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- linkedinsim.Serve(ctx, settings, slog.New(slog.NewTextHandler(io.Discard, nil))) }()

	var addr []byte
	for deadline := time.Now().Add(10 * time.Second); len(addr) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the ready file never appeared")
		}
		time.Sleep(10 * time.Millisecond)
		addr, _ = os.ReadFile(settings.ReadyFile)
	}
	resp, err := http.Get("http://" + string(addr) + "/sim/members/m-alice")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the seeded member: status %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after shutdown: %v", err)
	}
}

func TestBadSettingsAreRefused(t *testing.T) {
	for name, change := range map[string]func(*linkedinsim.Settings){
		"page size":   func(s *linkedinsim.Settings) { s.PageSize = 0 },
		"token ttl":   func(s *linkedinsim.Settings) { s.TokenTTL = 0 },
		"clients":     func(s *linkedinsim.Settings) { s.Clients = "only-an-id" },
		"non-http":    func(s *linkedinsim.Settings) { s.Clients = "a:b:ftp://host" },
		"negative rl": func(s *linkedinsim.Settings) { s.RateLimit = -1 },
	} {
		s := linkedinsim.Defaults()
		change(s)
		if _, err := linkedinsim.New(*s, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
			t.Errorf("%s: New accepted bad settings", name)
		}
	}
}
