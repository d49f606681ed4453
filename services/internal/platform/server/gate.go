package server

import (
	"context"

	"github.com/liaisonhq/liaison/services/internal/platform/apierror"
	"github.com/liaisonhq/liaison/services/internal/platform/auth"
	"google.golang.org/grpc"
)

// The gate refuses calls until the service is ready (its store open and
// migrated): health says NOT_SERVING meanwhile, and a caller that calls
// anyway gets Unavailable, which it retries, rather than a half-made answer.

func (s *Server) unaryGate(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if !s.ready.Load() && !auth.IsPublic(info.FullMethod) {
		return nil, apierror.Unavailable("the service (starting)")
	}
	return handler(ctx, req)
}

func (s *Server) streamGate(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if !s.ready.Load() && !auth.IsPublic(info.FullMethod) {
		return apierror.Unavailable("the service (starting)")
	}
	return handler(srv, ss)
}
