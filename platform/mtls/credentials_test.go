package mtls_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/liaisonhq/liaison/platform/mtls"
	"github.com/liaisonhq/liaison/platform/mtls/mtlstest"
)

// serve runs a gRPC health server with the settings' server credentials.
func serve(t *testing.T, s mtls.Settings) string {
	t.Helper()
	creds, err := s.ServerCredentials()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.Creds(creds))
	healthpb.RegisterHealthServer(srv, health.NewServer())
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	return ln.Addr().String()
}

func call(addr string, creds credentials.TransportCredentials) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	return err
}

func TestOnlyCallersWithACertificateOfTheAuthorityGetIn(t *testing.T) {
	ca := mtlstest.NewAuthority(t, "liaison-ca")
	addr := serve(t, ca.Issue(t, t.TempDir(), "policy"))
	client, err := ca.Issue(t, t.TempDir(), "consent").ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if err := call(addr, client); err != nil {
		t.Fatalf("a caller with a certificate of the authority: %v", err)
	}

	// Server-checked TLS alone, with no certificate of the caller's.
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.PEM)
	if err := call(addr, credentials.NewTLS(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS13})); err == nil {
		t.Error("a caller without a certificate got in")
	}
	other := mtlstest.NewAuthority(t, "another-ca")
	outsider := other.Issue(t, t.TempDir(), "consent")
	mtlstest.Write(t, outsider.CAFile, ca.PEM) // it trusts our server, but its own certificate is another authority's
	outsiderCreds, err := outsider.ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if err := call(addr, outsiderCreds); err == nil {
		t.Error("a caller with another authority's certificate got in")
	}
	// A client refuses a server whose certificate names another host,
	// whether dialled by name or by address.
	misnamed := serve(t, ca.IssueFor(t, t.TempDir(), "gateway"))
	_, port, _ := net.SplitHostPort(misnamed)
	for _, target := range []string{misnamed, net.JoinHostPort("localhost", port)} {
		if err := call(target, client); err == nil {
			t.Errorf("the client accepted a certificate for gateway at %s", target)
		}
	}
	// A client refuses a server of another authority.
	impostor := serve(t, other.Issue(t, t.TempDir(), "policy"))
	if err := call(impostor, client); err == nil {
		t.Error("the client accepted a server of another authority")
	}
}

func TestRotatedFilesAreUsedWithoutARestart(t *testing.T) {
	old, next := mtlstest.NewAuthority(t, "old-ca"), mtlstest.NewAuthority(t, "next-ca")
	serverDir := t.TempDir()
	addr := serve(t, old.Issue(t, serverDir, "policy"))
	oldClient, err := old.Issue(t, t.TempDir(), "consent").ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	nextClient, err := next.Issue(t, t.TempDir(), "consent").ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if err := call(addr, oldClient); err != nil {
		t.Fatalf("before the rotation, a client of the old authority: %v", err)
	}
	if err := call(addr, nextClient); err == nil {
		t.Fatal("before the rotation, a client of the next authority got in")
	}
	// The server's files move to the next authority, replaced in place,
	// while it runs: new connections see it at once.
	time.Sleep(10 * time.Millisecond) // a later modification time
	next.Issue(t, serverDir, "policy")
	if err := call(addr, nextClient); err != nil {
		t.Errorf("after the rotation, a client of the next authority: %v", err)
	}
	if err := call(addr, oldClient); err == nil {
		t.Error("after the rotation, a client of the old authority still got in")
	}
}

func TestSettingsWantAllThreeFilesLoadable(t *testing.T) {
	if err := (mtls.Settings{}).Check(); err != nil {
		t.Errorf("plaintext refused: %v", err)
	}
	if err := (mtls.Settings{CertFile: "a.crt"}).Check(); err == nil {
		t.Error("a certificate alone accepted")
	}
	s := mtlstest.NewAuthority(t, "ca").Issue(t, t.TempDir(), "policy")
	if err := s.Check(); err != nil {
		t.Errorf("good files refused: %v", err)
	}
	mtlstest.Write(t, s.CAFile, []byte("not PEM"))
	if _, err := s.ServerCredentials(); err == nil {
		t.Error("authorities without a certificate made server credentials")
	}
	if _, err := s.ClientCredentials(); err == nil {
		t.Error("authorities without a certificate made client credentials")
	}
}
