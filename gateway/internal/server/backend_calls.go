package server

import (
	"context"
	"time"

	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/platform/telemetry"
)

// backendCalls is the one interceptor of every unary call to a service
// (one, because grpc-go allocates per chained interceptor per call). Each
// call carries:
//
//   - a deadline of at most timeout, so a service that accepts the
//     connection but never answers (a frozen process, a dead peer behind a
//     live load balancer) costs a request timeout and a 504, not a request
//     held until the client gives up. A caller with an earlier deadline (a
//     client's Grpc-Timeout header) keeps it;
//   - the W3C trace context, when propagate is set: otherwise otelgrpc's
//     stats handler sends it, with the span it records.
//
// Only unary calls: the gateway routes no streaming method (Watch is gRPC
// only), and a stream would need an idle bound, not a deadline on its whole
// life.
func backendCalls(timeout time.Duration, propagate bool) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		if propagate {
			ctx = telemetry.Inject(ctx)
		}
		return invoker(ctx, method, req, reply, cc, opts...)
	}
}
