package auth_test

import (
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
)

// The services accept exactly the spellings of the Bearer scheme that
// BearerToken reads, and read the same token from them: the gateway keys
// its per-caller rate limit with BearerToken, so no spelling the services
// accept can escape it.
func TestAuthenticateAcceptsWhatBearerTokenReads(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	v, err := auth.NewVerifier(t.Context(), issuer.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	token := issuer.User("contoso", "alice")
	cases := map[string]bool{
		"Bearer " + token:       true,
		"bearer " + token:       true,
		"BEARER " + token:       true,
		"Bearer   " + token:     true,
		"Bearer\t" + token:      true,
		"Bearer \t" + token:     true,
		"Bearer " + token + " ": true,
		// The signature library strips whitespace inside a token, so one
		// token could be spelt many ways: the header rule refuses them all.
		"Bearer " + token[:10] + " " + token[10:]:  false,
		"Bearer " + token[:10] + "\t" + token[10:]: false,
		"Bearer " + token + " extra":               false,
		"Bearer":                                   false,
		"Bearer ":                                  false,
		"Bearer" + token:                           false,
		"Basic " + token:                           false,
		token:                                      false,
	}
	for header, accepted := range cases {
		ctx := metadata.NewIncomingContext(t.Context(), metadata.Pairs("authorization", header))
		_, err := v.Authenticate(ctx)
		if accepted && err != nil {
			t.Errorf("%q refused: %v", header, err)
		}
		if !accepted && status.Code(err) != codes.Unauthenticated {
			t.Errorf("%q: %v, want Unauthenticated", header, err)
		}
		got, ok := auth.BearerToken(header)
		if ok != accepted || (ok && got != token) {
			t.Errorf("BearerToken(%q) = %q, %v; want the token: %v", header, got, ok, accepted)
		}
	}
}
