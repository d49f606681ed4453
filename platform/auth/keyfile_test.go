package auth_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
)

func TestKeyIsCreatedPrivateAndReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "key.pem")
	first, err := auth.LoadOrCreateKey(path, true)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode %o, want 600", perm)
	}
	again, err := auth.LoadOrCreateKey(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Equal(again) {
		t.Error("a restart would get a new key: tokens minted before it would fail")
	}
}

func TestMissingKeyIsNotCreatedUnlessAsked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.pem")
	if _, err := auth.LoadOrCreateKey(path, false); err == nil {
		t.Error("a missing key was accepted")
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a key was created without being asked")
	}
}

// openssl ecparam -genkey writes SEC 1 "EC PRIVATE KEY" blocks.
func TestSEC1KeyIsRead(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := auth.LoadOrCreateKey(path, false)
	if err != nil || !got.Equal(key) {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestKeyFileMustHoldAP256Key(t *testing.T) {
	other, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(other)
	for name, content := range map[string][]byte{
		"not a key": []byte("not a key"),
		"P-384":     pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
	} {
		path := filepath.Join(t.TempDir(), "key.pem")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.LoadOrCreateKey(path, true); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
