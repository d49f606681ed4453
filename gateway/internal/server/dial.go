package server

import (
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/stats"
)

// dial returns a client connection to a service. It connects lazily, so the
// gateway starts even while the service is down (readiness reports it).
//
// Calls carry the W3C trace context; health checks are not traced, as the
// readiness probe would otherwise start a trace every few seconds. Each
// unary call gets at most callTimeout (callDeadline).
func dial(addr string, callTimeout time.Duration) (*grpc.ClientConn, error) {
	// TODO: transport security once the services serve TLS.
	return grpc.NewClient(addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUnaryInterceptor(callDeadline(callTimeout)),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler(
			otelgrpc.WithFilter(func(info *stats.RPCTagInfo) bool {
				return !strings.HasPrefix(info.FullMethodName, "/grpc.health.v1.Health/")
			}),
		)),
	)
}
