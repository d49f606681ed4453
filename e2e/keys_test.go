package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
)

// newSigningKey returns a fresh ECDSA P-256 key, the kind that signs
// Liaison's user tokens (ES256).
func newSigningKey() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
}
