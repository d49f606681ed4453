package server_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
)

// TestReadyFileIsOwnerOnly: the ready file, like every file a service
// writes, is readable by its owner only.
func TestReadyFileIsOwnerOnly(t *testing.T) {
	ready := filepath.Join(t.TempDir(), "ready")
	srv, _ := newServer(t, authtest.NewIssuer(t), func(o *server.Options) { o.ReadyFile = ready })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(context.Context) error { return nil }) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		info, err := os.Stat(ready)
		if err == nil && info.Size() > 0 {
			if info.Mode() != 0o600 {
				t.Fatalf("ready file mode %v, want 0600", info.Mode())
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no ready file")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
