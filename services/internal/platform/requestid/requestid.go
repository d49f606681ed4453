// Package requestid carries the id of the current request, taken from the
// x-request-id metadata the gateway sets or made up when absent, so logs,
// audit entries and error messages can be correlated.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// MetadataKey is the gRPC metadata key of the request id.
const MetadataKey = "x-request-id"

type key struct{}

// From returns the request id in ctx, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// New returns a random request id.
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// fromMetadata returns ctx with the caller's request id, or a new one.
func fromMetadata(ctx context.Context) context.Context {
	if ids := metadata.ValueFromIncomingContext(ctx, MetadataKey); len(ids) > 0 && ids[0] != "" && len(ids[0]) <= 128 {
		return With(ctx, ids[0])
	}
	return With(ctx, New())
}

// UnaryServerInterceptor attaches the request id to unary calls.
func UnaryServerInterceptor() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		return handler(fromMetadata(ctx), req)
	}
}

// StreamServerInterceptor attaches the request id to streaming calls.
func StreamServerInterceptor() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		return handler(srv, &stream{ServerStream: ss, ctx: fromMetadata(ss.Context())})
	}
}

type stream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *stream) Context() context.Context { return s.ctx }
