package mtls_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/liaisonhq/liaison/platform/mtls"
)

// authority signs certificates for the test.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newAuthority(t *testing.T, name string) authority {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return authority{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue writes a certificate for name (a server's and a client's in one)
// and the authority's certificate into dir, as a process's settings.
func (a authority) issue(t *testing.T, dir, name string) mtls.Settings {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		DNSNames: []string{name, "localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		KeyUsage:    x509.KeyUsageDigitalSignature, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, key.Public(), a.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(key)
	s := mtls.Settings{CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key"), CAFile: filepath.Join(dir, "ca.crt")}
	write(t, s.CertFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	write(t, s.KeyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
	write(t, s.CAFile, a.pem)
	return s
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	// Written beside and renamed, as a Secret volume swaps its files.
	if err := os.WriteFile(path+".new", data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
}

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
	ca := newAuthority(t, "liaison-ca")
	addr := serve(t, ca.issue(t, t.TempDir(), "policy"))
	client, err := ca.issue(t, t.TempDir(), "consent").ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if err := call(addr, client); err != nil {
		t.Fatalf("a caller with a certificate of the authority: %v", err)
	}

	// Server-checked TLS alone, with no certificate of the caller's.
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.pem)
	if err := call(addr, credentials.NewTLS(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS13})); err == nil {
		t.Error("a caller without a certificate got in")
	}
	other := newAuthority(t, "another-ca")
	outsider := other.issue(t, t.TempDir(), "consent")
	write(t, outsider.CAFile, ca.pem) // it trusts our server, but its own certificate is another authority's
	outsiderCreds, err := outsider.ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if err := call(addr, outsiderCreds); err == nil {
		t.Error("a caller with another authority's certificate got in")
	}
	// A client refuses a server of another authority.
	impostor := serve(t, other.issue(t, t.TempDir(), "policy"))
	if err := call(impostor, client); err == nil {
		t.Error("the client accepted a server of another authority")
	}
}

func TestRotatedFilesAreUsedWithoutARestart(t *testing.T) {
	old, next := newAuthority(t, "old-ca"), newAuthority(t, "next-ca")
	serverDir, clientDir := t.TempDir(), t.TempDir()
	addr := serve(t, old.issue(t, serverDir, "policy"))
	client, err := old.issue(t, clientDir, "consent").ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if err := call(addr, client); err != nil {
		t.Fatalf("before the rotation: %v", err)
	}
	// Both sides move to the next authority, files replaced in place.
	time.Sleep(10 * time.Millisecond) // a later modification time
	next.issue(t, serverDir, "policy")
	next.issue(t, clientDir, "consent")
	if err := call(addr, client); err != nil {
		t.Fatalf("after the rotation: %v", err)
	}
}

func TestCheckWantsAllThreeFilesLoadable(t *testing.T) {
	if err := (mtls.Settings{}).Check(); err != nil {
		t.Errorf("plaintext refused: %v", err)
	}
	if err := (mtls.Settings{CertFile: "a.crt"}).Check(); err == nil {
		t.Error("a certificate alone accepted")
	}
	s := newAuthority(t, "ca").issue(t, t.TempDir(), "policy")
	if err := s.Check(); err != nil {
		t.Errorf("good files refused: %v", err)
	}
	write(t, s.CAFile, []byte("not PEM"))
	if err := s.Check(); err == nil {
		t.Error("authorities without a certificate accepted")
	}
}
