package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
)

// newSigningKey returns a fresh ECDSA P-256 key, the kind that signs
// Liaison's user tokens (ES256).
func newSigningKey() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
}

// writeKeyPair writes key as a PKCS #8 "PRIVATE KEY" PEM file, the gateway's
// --dev-key-file, and its public half as a PKIX "PUBLIC KEY" PEM file, the
// policy service's --auth-public-key-file. Handing the service the key
// explicitly keeps it from fetching the gateway's JWKS from the default
// localhost:8080, which in a test run is not our gateway.
func writeKeyPair(key *ecdsa.PrivateKey, privatePath, publicPath string) error {
	private, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	public, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return err
	}
	if err := os.WriteFile(privatePath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: private}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(publicPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: public}), 0o644)
}
