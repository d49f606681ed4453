package auth

import (
	"context"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"google.golang.org/grpc/metadata"
)

// public are the method prefixes reachable without a token: health checks
// (probes carry no credentials) and reflection (it describes only the public
// API).
var public = []string{"/grpc.health.v1.Health/", "/grpc.reflection."}

// IsPublic reports health and reflection methods, callable without a token.
func IsPublic(method string) bool {
	for _, prefix := range public {
		if strings.HasPrefix(method, prefix) {
			return true
		}
	}
	return false
}

// Authenticate returns ctx with the principal of the call's bearer token.
func (v *Verifier) Authenticate(ctx context.Context) (context.Context, error) {
	// One key, not the whole metadata: this runs on every call.
	values := metadata.ValueFromIncomingContext(ctx, "authorization")
	if len(values) == 0 {
		return nil, apierror.Unauthenticated("missing bearer token")
	}
	token, ok := BearerToken(values[0])
	if !ok {
		return nil, apierror.Unauthenticated(`authorization must be "Bearer <token>"`)
	}
	p, err := v.Verify(ctx, token)
	if err != nil {
		return nil, err
	}
	return WithPrincipal(ctx, p), nil
}
