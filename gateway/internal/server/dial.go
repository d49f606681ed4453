package server

import (
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/stats"
)

// dial returns a client connection to a service. It connects lazily, so the
// gateway starts even while the service is down (readiness reports it).
//
// Every unary call gets at most callTimeout and the W3C trace context
// (backendCalls). When spans are exported (tracing), otelgrpc
// sends the trace context with a span per call, except for health checks,
// as the readiness probe would otherwise start a trace every few seconds;
// when not, backendCalls sends it alone, which is all otelgrpc would do
// then, at a fraction of its cost.
func dial(addr string, callTimeout time.Duration, tracing bool, transport credentials.TransportCredentials) (*grpc.ClientConn, error) {
	opts := []grpc.DialOption{
		grpc.WithTransportCredentials(transport),
		grpc.WithUnaryInterceptor(backendCalls(callTimeout, !tracing)),
	}
	if tracing {
		opts = append(opts, grpc.WithStatsHandler(otelgrpc.NewClientHandler(
			otelgrpc.WithFilter(func(info *stats.RPCTagInfo) bool {
				return !strings.HasPrefix(info.FullMethodName, "/grpc.health.v1.Health/")
			}),
		)))
	}
	return grpc.NewClient(addr, opts...)
}
