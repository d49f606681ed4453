// Package dial connects one Liaison service to another, authenticating as
// the calling service: every call carries a short-lived token signed with
// the calling service's own key and addressed to the called service, so the
// called service knows who calls and checks it like any caller.
package dial

import (
	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/config"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/filters"
	"google.golang.org/grpc"
)

// Service returns a client connection to the service named target (its
// tokens' audience) at addr, calling as this service (c.Auth.ServiceName).
// The connection is lazy: it succeeds even while the other service is
// down, and calls then fail Unavailable.
func Service(addr, target string, c *config.Common) (*grpc.ClientConn, error) {
	key, err := auth.ServiceKey(c.Auth, c.Dev)
	if err != nil {
		return nil, err
	}
	creds, err := auth.NewServiceCredentials(key, c.Auth.ServiceName, target, 0)
	if err != nil {
		return nil, err
	}
	// Mutual TLS when set: this service's certificate, the other's checked.
	transport, err := c.TLS.ClientTransport()
	if err != nil {
		return nil, err
	}
	return grpc.NewClient(addr,
		// Without mutual TLS, service traffic stays on the cluster network;
		// see ServiceCredentials.RequireTransportSecurity.
		grpc.WithTransportCredentials(transport),
		grpc.WithPerRPCCredentials(creds),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler(otelgrpc.WithFilter(filters.Not(filters.HealthCheck())))),
	)
}
