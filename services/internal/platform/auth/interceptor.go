package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/liaisonhq/liaison/services/internal/platform/apierror"
	"google.golang.org/grpc"
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

// authenticate puts the caller's principal in the context.
func (v *Verifier) authenticate(ctx context.Context) (context.Context, error) {
	// One key, not the whole metadata: this runs on every call.
	values := metadata.ValueFromIncomingContext(ctx, "authorization")
	if len(values) == 0 {
		return nil, apierror.Unauthenticated("missing bearer token")
	}
	scheme, token, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || token == "" {
		return nil, apierror.Unauthenticated(`authorization must be "Bearer <token>"`)
	}
	p, err := v.Verify(ctx, token)
	if err != nil {
		return nil, err
	}
	return WithPrincipal(ctx, p), nil
}

// UnaryServerInterceptor authenticates unary calls. Methods in open are
// called without a token: a service lists there only methods that carry
// their own credential (such as an OAuth callback's single-use state).
func (v *Verifier) UnaryServerInterceptor(open ...string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if IsPublic(info.FullMethod) || slices.Contains(open, info.FullMethod) {
			return handler(ctx, req)
		}
		ctx, err := v.authenticate(ctx)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// StreamServerInterceptor authenticates streaming calls.
func (v *Verifier) StreamServerInterceptor() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if IsPublic(info.FullMethod) {
			return handler(srv, ss)
		}
		ctx, err := v.authenticate(ss.Context())
		if err != nil {
			return err
		}
		return handler(srv, &contextStream{ServerStream: ss, ctx: ctx})
	}
}

type contextStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *contextStream) Context() context.Context { return s.ctx }
