package policy_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/policytest"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// harness is a policy server on a loopback port over a SQLite file, with
// the demo data loaded.
type harness struct {
	t      testing.TB
	issuer *authtest.Issuer
	client policyv1.PolicyServiceClient
	conn   *grpc.ClientConn
	addr   string
	dbURL  string
	store  *store.SQL
	stop   func()
	// contactSyncAddr, when set before start, is where the impact preview
	// counts synced contacts.
	contactSyncAddr string
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessOn(t, "sqlite:"+filepath.Join(t.TempDir(), "policy.db"))
}

// newHarnessOn runs the server over the database at url.
func newHarnessOn(t testing.TB, url string) *harness {
	t.Helper()
	h := &harness{t: t, issuer: authtest.NewIssuer(t), dbURL: url}
	h.start()
	t.Cleanup(func() { h.stop() })
	return h
}

// replica runs a second server over the same database, trusting the same
// tokens: another replica of the service.
func (h *harness) replica() *harness {
	r := &harness{t: h.t, issuer: h.issuer, dbURL: h.dbURL}
	r.start()
	h.t.Cleanup(func() { r.stop() })
	return r
}

// start runs the service over h.dbURL, from its definition, with the demo
// data loaded; h.store is the tests' own view of the same database.
func (h *harness) start() {
	s := policytest.Settings(h.t, h.issuer.Config)
	s.DatabaseURL, s.ContactSyncAddr = h.dbURL, h.contactSyncAddr
	running := policytest.Start(h.t, s)
	st, err := store.Open(context.Background(), h.dbURL, false)
	if err != nil {
		h.t.Fatal(err)
	}
	h.store = st
	h.conn, h.client, h.addr = running.Conn, policyv1.NewPolicyServiceClient(running.Conn), running.Addr
	h.stop = func() {
		running.Stop()
		st.Close()
	}
}

// restart stops the server and starts a new one on the same database.
func (h *harness) restart() {
	h.stop()
	h.start()
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
