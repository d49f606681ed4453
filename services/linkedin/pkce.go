package linkedin

import "golang.org/x/oauth2"

// NewPKCE returns a fresh PKCE code verifier and its S256 challenge (RFC
// 7636). The challenge goes into AuthorizationURL; the verifier is kept
// secret until Exchange, which proves that whoever redeems the code is who
// asked for it.
func NewPKCE() (verifier, challenge string) {
	verifier = oauth2.GenerateVerifier()
	return verifier, oauth2.S256ChallengeFromVerifier(verifier)
}
