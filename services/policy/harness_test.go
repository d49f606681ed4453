package policy_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/internal/platform/auth"
	"github.com/liaisonhq/liaison/services/internal/platform/auth/authtest"
	"github.com/liaisonhq/liaison/services/internal/platform/server"
	"github.com/liaisonhq/liaison/services/policy"
	"github.com/liaisonhq/liaison/services/policy/demo"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

// harness is a policy server on a loopback port over a SQLite file, with
// the demo data loaded.
type harness struct {
	t      *testing.T
	issuer *authtest.Issuer
	client policyv1.PolicyServiceClient
	conn   *grpc.ClientConn
	dbURL  string
	store  *store.SQL
	stop   func()
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	dir := t.TempDir()
	h := &harness{t: t, issuer: authtest.NewIssuer(t), dbURL: "sqlite:" + filepath.Join(dir, "policy.db")}
	h.start()
	t.Cleanup(func() { h.stop() })
	return h
}

// start runs a server over h.dbURL, seeding the demo data on first start.
func (h *harness) start() {
	t := h.t
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	verifier, err := auth.NewVerifier(t.Context(), h.issuer.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	readyFile := filepath.Join(t.TempDir(), "addr")
	srv := server.New(server.Options{
		Addr: "127.0.0.1:0", Grace: time.Second, ReadyFile: readyFile,
		Logger: logger, Verifier: verifier, Rules: policy.Rules(),
	})
	svc := policy.New(logger)
	policyv1.RegisterPolicyServiceServer(srv.GRPC(), svc)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- srv.Run(ctx, func(ctx context.Context) error {
			st, err := store.Open(ctx, h.dbURL, true)
			if err != nil {
				return err
			}
			h.store = st
			if err := svc.Start(ctx, st); err != nil {
				return err
			}
			_, err = demo.Seed(ctx, svc)
			return err
		})
	}()
	addr := waitForFile(t, readyFile, done)
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	h.conn, h.client = conn, policyv1.NewPolicyServiceClient(conn)
	h.stop = func() {
		conn.Close()
		cancel()
		if err := <-done; err != nil && err != context.Canceled {
			t.Errorf("server: %v", err)
		}
		h.store.Close()
	}
}

// restart stops the server and starts a new one on the same database.
func (h *harness) restart() {
	h.stop()
	h.start()
}

func waitForFile(t *testing.T, path string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped before it was ready: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("server not ready within 10s")
	return ""
}

// as returns a context carrying a token for subject in tenant with roles.
func (h *harness) as(tenant, subject string, roles ...string) context.Context {
	return metadata.AppendToOutgoingContext(h.t.Context(), "authorization", "Bearer "+h.issuer.User(tenant, subject, roles...))
}

func (h *harness) admin() context.Context { return h.as("contoso", "admin", auth.RoleTenantAdmin) }

func (h *harness) operator() context.Context {
	return metadata.AppendToOutgoingContext(h.t.Context(), "authorization",
		"Bearer "+h.issuer.Token(authtest.Claims{Subject: "ops", Roles: []string{auth.RoleOperator}}))
}
