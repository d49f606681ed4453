package server_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	"github.com/liaisonhq/liaison/platform/validate"
)

// TestReadyFileIsOwnerOnly: the ready file, like every file a service
// writes, is readable by its owner only.
func TestReadyFileIsOwnerOnly(t *testing.T) {
	verifier, err := auth.NewVerifier(t.Context(), authtest.NewIssuer(t).Config, false)
	if err != nil {
		t.Fatal(err)
	}
	ready := filepath.Join(t.TempDir(), "ready")
	srv := server.New(server.Options{
		Addr: "127.0.0.1:0", ReadyFile: ready, Logger: servertest.Logger(), Verifier: verifier, Rules: validate.Rules{},
	})
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
