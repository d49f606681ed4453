package server

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/requestid"
	"github.com/liaisonhq/liaison/platform/telemetry"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Every call passes the same steps, in this order: take the caller's trace
// context and request id; refuse it while the service is not ready; check
// its token; for a stream, count it against its caller's cap and end it at
// the token's expiry; check that the caller may send its request, then the
// request itself; run the handler, a panic becoming an error; then turn the
// error into a safe status and log the call. They
// are one interceptor, not a chain of them: grpc-go allocates per chained
// interceptor per call, and this is the path of every call.

func (s *Server) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	ctx = s.incoming(ctx)
	start := time.Now()
	resp, err := s.runUnary(ctx, req, info.FullMethod, handler)
	if err = s.finish(ctx, info.FullMethod, start, err); err != nil {
		return nil, err
	}
	return resp, nil
}

func (s *Server) runUnary(ctx context.Context, req any, method string, handler grpc.UnaryHandler) (resp any, err error) {
	defer s.recoverPanic(ctx, &err)
	if ctx, err = s.admit(ctx, method); err != nil {
		return nil, err
	}
	if err = s.checkRequest(ctx, req); err != nil {
		return nil, err
	}
	return handler(ctx, req)
}

func (s *Server) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	ctx := s.incoming(ss.Context())
	start := time.Now()
	return s.finish(ctx, info.FullMethod, start, s.runStream(ctx, srv, ss, info.FullMethod, handler))
}

func (s *Server) runStream(ctx context.Context, srv any, ss grpc.ServerStream, method string, handler grpc.StreamHandler) (err error) {
	defer s.recoverPanic(ctx, &err)
	if ctx, err = s.admit(ctx, method); err != nil {
		return err
	}
	ctx, end, err := s.streams.start(ctx)
	if err != nil {
		return err
	}
	defer end()
	return ended(ctx, handler(srv, &serverStream{ServerStream: ss, ctx: ctx, server: s}))
}

// incoming takes the caller's trace context (unless otelgrpc does) and
// request id.
func (s *Server) incoming(ctx context.Context) context.Context {
	if !s.opts.Tracing {
		ctx = telemetry.Extract(ctx)
	}
	return requestid.FromIncoming(ctx)
}

// admit refuses calls until the service is ready (its store open and
// migrated: health says NOT_SERVING meanwhile, and Unavailable makes a
// caller retry), then authenticates them. Health and reflection work
// throughout and need no token; neither do the service's Unauthenticated
// methods, which carry their own credential.
func (s *Server) admit(ctx context.Context, method string) (context.Context, error) {
	public := auth.IsPublic(method)
	if !public && !s.ready.Load() {
		return nil, apierror.Unavailable("the service (starting)")
	}
	if public || slices.Contains(s.opts.Unauthenticated, method) {
		return ctx, nil
	}
	return s.opts.Verifier.Authenticate(ctx)
}

// recoverPanic, deferred, turns a panic into an error and logs its stack.
func (s *Server) recoverPanic(ctx context.Context, err *error) {
	if r := recover(); r != nil {
		s.opts.Logger.ErrorContext(ctx, "panic in handler", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		*err = fmt.Errorf("panic: %v", r)
	}
}

// finish turns the call's error into one safe to send (apierror.Translate;
// a store that cannot be reached is Unavailable) and logs the call:
// failures at info, outages at warn and hidden faults at error, both with
// their cause, and successes at debug so the hot path stays quiet.
func (s *Server) finish(ctx context.Context, method string, start time.Time, err error) error {
	sent, unreachable := s.storeUnreachable(err)
	hidden := false
	if !unreachable {
		sent, hidden = apierror.Translate(err, requestid.From(ctx))
	}
	code := status.Code(sent)
	level := slog.LevelDebug
	switch {
	case hidden:
		level = slog.LevelError
	case unreachable:
		level = slog.LevelWarn
	case code != codes.OK:
		level = slog.LevelInfo
	}
	if s.opts.Logger.Enabled(ctx, level) {
		attrs := []any{"method", method, "code", code.String(), "duration", time.Since(start)}
		if hidden || unreachable {
			// The cause stays here, under the request id the caller got.
			attrs = append(attrs, "error", err)
		}
		s.opts.Logger.Log(ctx, level, "rpc", attrs...)
	}
	return sent
}

// checkRequest refuses a request that could not be decoded, then checks
// that the caller may send req (Options.Access), then req itself
// (Options.Rules). A call admit let in without a token (health, reflection,
// the Unauthenticated methods, whose request is their credential) has no
// caller to check.
func (s *Server) checkRequest(ctx context.Context, req any) error {
	if err := validate.Decoded(req); err != nil {
		return err
	}
	if s.opts.Access != nil && auth.FromContext(ctx) != nil {
		if err := s.opts.Access.Check(ctx, req); err != nil {
			return err
		}
	}
	return s.opts.Rules.Validate(req)
}

// serverStream gives a stream's handler the call's context, and checks
// every message the client sends as a unary request is checked.
type serverStream struct {
	grpc.ServerStream
	ctx    context.Context
	server *Server
}

func (s *serverStream) Context() context.Context { return s.ctx }

func (s *serverStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	return s.server.checkRequest(s.ctx, m)
}
