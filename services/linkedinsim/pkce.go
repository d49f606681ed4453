package linkedinsim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"regexp"
)

// PKCE (RFC 7636) binds an authorization code to the client that asked for
// it: only the holder of the verifier whose hash went into the authorization
// request can redeem the code. Only S256 is accepted; "plain" would let
// anyone who sees the authorization URL redeem an intercepted code.

// pkceMethodS256 is the only code_challenge_method the simulator accepts.
const pkceMethodS256 = "S256"

var (
	// A verifier is 43 to 128 unreserved characters (RFC 7636 section 4.1).
	pkceVerifierPattern = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)
	// An S256 challenge is a SHA-256 hash in unpadded base64url: 43 characters.
	pkceChallengePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
)

// pkceChallenge returns the S256 challenge of verifier.
func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// pkceMatches reports whether verifier is well formed and hashes to challenge.
func pkceMatches(verifier, challenge string) bool {
	if !pkceVerifierPattern.MatchString(verifier) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(pkceChallenge(verifier)), []byte(challenge)) == 1
}
