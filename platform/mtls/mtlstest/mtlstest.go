// Package mtlstest makes certificate authorities and certificates for
// tests of mutual TLS.
package mtlstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/mtls"
)

// Authority signs certificates.
type Authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// PEM is the authority's certificate.
	PEM []byte
}

// NewAuthority makes a certificate authority valid for an hour.
func NewAuthority(t testing.TB, name string) Authority {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return Authority{cert: cert, key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// Issue writes into dir a certificate for name (for serving and calling,
// valid for name, localhost and 127.0.0.1), its key and the authority's
// certificate, and returns them as a process's settings.
func (a Authority) Issue(t testing.TB, dir, name string) mtls.Settings {
	t.Helper()
	return a.IssueFor(t, dir, name, "localhost", "127.0.0.1")
}

// IssueFor is Issue for exactly these host names and addresses.
func (a Authority) IssueFor(t testing.TB, dir string, hosts ...string) mtls.Settings {
	t.Helper()
	cert, key := a.PairFor(t, hosts...)
	s := mtls.Settings{CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key"), CAFile: filepath.Join(dir, "ca.crt")}
	Write(t, s.CertFile, cert)
	Write(t, s.KeyFile, key)
	Write(t, s.CAFile, a.PEM)
	return s
}

// Pair is a certificate for name, localhost and 127.0.0.1, and its
// private key, in PEM.
func (a Authority) Pair(t testing.TB, name string) (cert, key []byte) {
	t.Helper()
	return a.PairFor(t, name, "localhost", "127.0.0.1")
}

// PairFor is a certificate for exactly these host names and addresses
// (the first is its common name), and its private key, in PEM.
func (a Authority) PairFor(t testing.TB, hosts ...string) (cert, key []byte) {
	t.Helper()
	var names []string
	var addrs []net.IP
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			addrs = append(addrs, ip)
		} else {
			names = append(names, h)
		}
	}
	private, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: hosts[0]},
		DNSNames: names, IPAddresses: addrs,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		KeyUsage:    x509.KeyUsageDigitalSignature, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, private.Public(), a.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(private)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
}

// Write writes data to path beside it first and renames it into place, as
// a Kubernetes Secret volume swaps its files.
func Write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".new", data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
}
