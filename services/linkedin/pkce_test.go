package linkedin_test

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"testing"

	"github.com/liaisonhq/liaison/services/linkedin"
)

func TestNewPKCE(t *testing.T) {
	verifier, challenge := linkedin.NewPKCE()
	// RFC 7636 section 4.1: 43 to 128 unreserved characters.
	if !regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`).MatchString(verifier) {
		t.Errorf("verifier %q is not a valid RFC 7636 code verifier", verifier)
	}
	// Section 4.2, computed here rather than with the library.
	sum := sha256.Sum256([]byte(verifier))
	if want := base64.RawURLEncoding.EncodeToString(sum[:]); challenge != want {
		t.Errorf("challenge = %q, want %q", challenge, want)
	}
	if again, _ := linkedin.NewPKCE(); again == verifier {
		t.Error("two verifiers are the same")
	}
}
