package server

import (
	"context"
	"log/slog"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
	"github.com/liaisonhq/liaison/gateway/internal/consentweb"
	contactsyncgw "github.com/liaisonhq/liaison/gateway/internal/gen/liaison/contactsync/v1"
	policygw "github.com/liaisonhq/liaison/gateway/internal/gen/liaison/policy/v1"
	profilecardgw "github.com/liaisonhq/liaison/gateway/internal/gen/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// backends are the services the gateway fronts. Adding one (contact-sync,
// profile-card) is one entry: its name gives its --NAME-addr flag and its
// key in /readyz, which asks the service's grpc.health.v1 (whole server);
// its routes are the generated handlers, plain(...), unless it needs
// browser adapters of its own like consent.
var backends = []backend{
	{name: "policy", defaultAddr: "localhost:9101", routes: plain(policygw.RegisterPolicyServiceHandler)},
	{name: "consent", defaultAddr: "localhost:9102", routes: func(conn *grpc.ClientConn, env routeEnv) serviceRoutes {
		return consentweb.New(conn, env.dev, env.logger, env.errors)
	}},
	{name: "contact-sync", defaultAddr: "localhost:9103", routes: plain(contactsyncgw.RegisterContactSyncServiceHandler)},
	{name: "profile-card", defaultAddr: "localhost:9104", routes: plain(profilecardgw.RegisterProfileCardServiceHandler)},
}

// backend is one service the gateway fronts.
type backend struct {
	name        string
	defaultAddr string
	// routes builds the service's routes, calling it over conn.
	routes func(conn *grpc.ClientConn, env routeEnv) serviceRoutes
}

// routeEnv is what a service's routes may need from the gateway.
type routeEnv struct {
	dev    bool
	logger *slog.Logger
	// errors writes errors like the shared mux.
	errors *jsonapi.Errors
}

// serviceRoutes are one service's routes on the gateway's shared mux.
type serviceRoutes interface {
	// MuxOptions are what the shared mux needs for these routes beyond
	// JSON in and out (cookies, redirects, downloads).
	MuxOptions() []runtime.ServeMuxOption
	// Register adds the routes to mux.
	Register(ctx context.Context, mux *runtime.ServeMux) error
	// Describe adds to the API document what the generated one cannot say.
	Describe(doc *apidoc.Document) error
}

// plain is the routes of a service that is JSON in and out: the generated
// handlers and nothing else.
func plain(register func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error) func(*grpc.ClientConn, routeEnv) serviceRoutes {
	return func(conn *grpc.ClientConn, _ routeEnv) serviceRoutes {
		return generated{conn: conn, register: register}
	}
}

type generated struct {
	conn     *grpc.ClientConn
	register func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error
}

func (generated) MuxOptions() []runtime.ServeMuxOption { return nil }

func (g generated) Register(ctx context.Context, mux *runtime.ServeMux) error {
	return g.register(ctx, mux, g.conn)
}

func (generated) Describe(*apidoc.Document) error { return nil }
