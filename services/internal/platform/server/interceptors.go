package server

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/liaisonhq/liaison/services/internal/platform/apierror"
	"github.com/liaisonhq/liaison/services/internal/platform/requestid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// observe is the outermost handler wrapper after the request id: it turns
// whatever the handler returned into a safe status (apierror.Translate) and
// logs the call. Successful calls log at debug so the hot path stays quiet.
func observe(ctx context.Context, logger *slog.Logger, method string, call func() error) error {
	start := time.Now()
	err, hidden := apierror.Translate(call(), requestid.From(ctx))
	code := status.Code(err)
	level := slog.LevelDebug
	switch {
	case hidden:
		level = slog.LevelError
	case code != codes.OK:
		level = slog.LevelInfo
	}
	if logger.Enabled(ctx, level) {
		logger.Log(ctx, level, "rpc", "method", method, "code", code.String(), "duration", time.Since(start))
	}
	return err
}

// recovered converts a panic in call into an error, logging the stack.
func recovered(ctx context.Context, logger *slog.Logger, call func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			logger.ErrorContext(ctx, "panic in handler", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return call()
}

func unaryObserve(logger *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		err = observe(ctx, logger, info.FullMethod, func() error {
			return recovered(ctx, logger, func() error {
				resp, err = handler(ctx, req)
				return err
			})
		})
		if err != nil {
			return nil, err
		}
		return resp, nil
	}
}

func streamObserve(logger *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		ctx := ss.Context()
		return observe(ctx, logger, info.FullMethod, func() error {
			return recovered(ctx, logger, func() error { return handler(srv, ss) })
		})
	}
}
