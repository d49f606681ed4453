package sealing_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/liaisonhq/liaison/platform/sealing"
)

func newSealer(t *testing.T) *sealing.Sealer {
	t.Helper()
	key := make([]byte, sealing.KeySize)
	_, _ = rand.Read(key)
	s, err := sealing.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	secret = []byte("at_a-provider-access-token")
	row    = []byte("contoso/alice/access_token")
)

func TestRoundTrip(t *testing.T) {
	s := newSealer(t)
	for _, plaintext := range [][]byte{secret, {}, bytes.Repeat([]byte{0xff}, 4096)} {
		sealed := s.Seal(plaintext, row)
		if bytes.Contains(sealed, secret) {
			t.Fatal("the sealed value contains the plaintext")
		}
		got, err := s.Open(sealed, row)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if !bytes.Equal(got, plaintext) {
			t.Fatalf("Open = %q, want %q", got, plaintext)
		}
	}
}

func TestNilAssociatedDataRoundTrips(t *testing.T) {
	s := newSealer(t)
	got, err := s.Open(s.Seal(secret, nil), nil)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestEachSealDiffers(t *testing.T) {
	s := newSealer(t)
	a, b := s.Seal(secret, row), s.Seal(secret, row)
	if bytes.Equal(a, b) {
		t.Fatal("sealing the same value twice gave the same bytes: the nonce is not random")
	}
	// Layout: version, 12-byte nonce, ciphertext, 16-byte tag.
	if want := 1 + 12 + len(secret) + 16; len(a) != want {
		t.Fatalf("sealed length = %d, want %d", len(a), want)
	}
}

func TestTamperedFails(t *testing.T) {
	s := newSealer(t)
	sealed := s.Seal(secret, row)
	// Flip one bit at a time in every byte: version, nonce, ciphertext, tag.
	for i := range sealed {
		tampered := bytes.Clone(sealed)
		tampered[i] ^= 0x01
		if _, err := s.Open(tampered, row); !errors.Is(err, sealing.ErrInvalid) {
			t.Fatalf("byte %d altered: Open error = %v, want ErrInvalid", i, err)
		}
	}
	for _, short := range [][]byte{nil, sealed[:1], sealed[:13], sealed[:len(sealed)-1]} {
		if _, err := s.Open(short, row); !errors.Is(err, sealing.ErrInvalid) {
			t.Fatalf("%d bytes: Open error = %v, want ErrInvalid", len(short), err)
		}
	}
}

func TestWrongAssociatedDataFails(t *testing.T) {
	s := newSealer(t)
	sealed := s.Seal(secret, row)
	for _, other := range [][]byte{[]byte("contoso/bob/access_token"), nil} {
		if _, err := s.Open(sealed, other); !errors.Is(err, sealing.ErrInvalid) {
			t.Fatalf("associated data %q: Open error = %v, want ErrInvalid", other, err)
		}
	}
}

func TestWrongKeyFails(t *testing.T) {
	sealed := newSealer(t).Seal(secret, row)
	if _, err := newSealer(t).Open(sealed, row); !errors.Is(err, sealing.ErrInvalid) {
		t.Fatalf("Open error = %v, want ErrInvalid", err)
	}
}

func TestNewRefusesOtherKeySizes(t *testing.T) {
	for _, n := range []int{0, 16, 24, 31, 33} {
		if _, err := sealing.New(make([]byte, n)); err == nil {
			t.Fatalf("New accepted a %d-byte key", n)
		}
	}
}
