// Package dial connects one Liaison service to another, authenticating as
// the calling service: every call carries a short-lived token signed with
// the shared service key, so the called service knows who calls and checks
// it like any caller.
package dial

import (
	"fmt"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/config"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/filters"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Service returns a client connection to the service at addr that calls as
// this service (c.Auth.ServiceName). The connection is lazy: it succeeds
// even while the other service is down, and calls then fail Unavailable.
func Service(addr string, c *config.Common) (*grpc.ClientConn, error) {
	key, err := auth.LoadOrCreateKey(c.Auth.ServiceKeyFile, c.Dev)
	if err != nil {
		return nil, fmt.Errorf("service key %s: %w", c.Auth.ServiceKeyFile, err)
	}
	creds, err := auth.NewServiceCredentials(key, c.Auth.ServiceName, c.Auth.Audience)
	if err != nil {
		return nil, err
	}
	return grpc.NewClient(addr,
		// Service traffic stays on the cluster network; see
		// ServiceCredentials.RequireTransportSecurity.
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(creds),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler(otelgrpc.WithFilter(filters.Not(filters.HealthCheck())))),
	)
}
