package server

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

// callDeadline gives every unary call to a service a deadline of at most
// timeout, so a service that accepts the connection but never answers (a
// frozen process, a dead peer behind a live load balancer) costs a request
// timeout and a 504, not a request held until the client gives up. A caller
// with an earlier deadline (a client's Grpc-Timeout header) keeps it.
//
// Only unary calls: the gateway routes no streaming method (Watch is gRPC
// only), and a stream would need an idle bound, not a deadline on its whole
// life.
func callDeadline(timeout time.Duration) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return invoker(ctx, method, req, reply, cc, opts...)
	}
}
