// Package sealing encrypts secrets at rest (provider tokens, PKCE
// verifiers) with AES-256-GCM, so a copy of the database is not a copy of
// the secrets in it.
//
// A sealed value is one version byte, a random 12-byte nonce, then the
// ciphertext with GCM's 16-byte tag:
//
//	version(1) | nonce(12) | ciphertext | tag(16)
//
// The version byte names the key and format. There is one today; rotating
// the key later means sealing under a new version while Open still accepts
// the old one, so stored values can be re-sealed at leisure.
package sealing

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
)

// KeySize is the length of a key in bytes: AES-256.
const KeySize = 32

// version1 is the only format so far: AES-256-GCM with a random nonce.
const version1 byte = 1

// ErrInvalid is returned by Open for anything it cannot authenticate: a
// value sealed under another key or other associated data, a value that
// was altered or cut short, or one in an unknown format. GCM cannot tell
// these apart, and neither should a caller: each means "do not trust it".
var ErrInvalid = errors.New("sealing: the sealed value cannot be authenticated")

// Sealer seals and opens values under one key. It is safe for concurrent
// use.
type Sealer struct {
	aead cipher.AEAD
}

// New returns a Sealer for a KeySize-byte key.
func New(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		// aes.NewCipher would accept 16 or 24 bytes too; we insist on
		// AES-256 so a short key is a configuration error, not a weaker cipher.
		return nil, fmt.Errorf("sealing: the key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	// The standard library draws the nonce from crypto/rand and puts it in
	// front of the ciphertext: exactly the layout above, with no nonce
	// handling of our own to get wrong. Random 96-bit nonces are safe for
	// far more values than one key will ever seal.
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts and authenticates plaintext. associatedData is not
// encrypted or stored but must be given again to Open: binding a sealed
// token to the row it belongs to (say, "tenant/user/access_token") stops
// someone with write access to the database from moving it to another row.
func (s *Sealer) Seal(plaintext, associatedData []byte) []byte {
	out := make([]byte, 1, 1+s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	out[0] = version1
	return s.aead.Seal(out, nil, plaintext, associatedData)
}

// Open authenticates and decrypts a value from Seal with the same
// associated data. Any failure is ErrInvalid.
func (s *Sealer) Open(sealed, associatedData []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrInvalid)
	}
	if sealed[0] != version1 {
		return nil, fmt.Errorf("%w: unknown version %d", ErrInvalid, sealed[0])
	}
	if len(sealed) < 1+s.aead.NonceSize()+s.aead.Overhead() {
		return nil, fmt.Errorf("%w: too short", ErrInvalid)
	}
	plaintext, err := s.aead.Open(nil, nil, sealed[1:], associatedData)
	if err != nil {
		// GCM's own error says nothing more than ours; drop it.
		return nil, ErrInvalid
	}
	return plaintext, nil
}
