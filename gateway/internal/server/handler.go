package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/liaisonhq/liaison/gateway/internal/apidoc"
	"github.com/liaisonhq/liaison/gateway/internal/authheader"
	"github.com/liaisonhq/liaison/gateway/internal/console"
	"github.com/liaisonhq/liaison/gateway/internal/devauth"
	"github.com/liaisonhq/liaison/gateway/internal/health"
	"github.com/liaisonhq/liaison/gateway/internal/httplog"
	"github.com/liaisonhq/liaison/gateway/internal/httpmetrics"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	"github.com/liaisonhq/liaison/gateway/internal/ratelimit"
	"github.com/liaisonhq/liaison/gateway/internal/strict"
	"github.com/liaisonhq/liaison/platform/requestid"
	"github.com/liaisonhq/liaison/proto/openapi"
)

// handlerSettings are the settings the handler is built from.
type handlerSettings struct {
	dev          bool
	console      console.Settings
	maxBodyBytes int64
	rates        ratelimit.Settings
	// tracing says spans are exported: each request gets a server span.
	tracing bool
	// metrics says Prometheus scrapes the process: each answer is measured
	// by route (httpmetrics).
	metrics bool
	// draining is set when shutdown starts: /readyz then answers 503.
	draining *atomic.Bool
}

// route is one of the gateway's own routes. Its handler returns the error to
// answer with instead of writing it, so it is written like every API error.
type route struct {
	method, path string
	handle       func(http.ResponseWriter, *http.Request) error
}

// newHandler returns the gateway's whole HTTP API: the JSON routes of each
// backend (conns holds their connections by name), the OpenAPI document,
// the probes, the web console, and the dev identity routes when issuer is not nil (without
// it those paths answer 404).
//
// One grpc-gateway mux routes everything, so an unknown path or a bad
// request to the gateway's own routes gets the same JSON error as the
// service APIs.
func newHandler(ctx context.Context, s handlerSettings, conns map[string]*grpc.ClientConn, issuer *devauth.Issuer, logger *slog.Logger) (http.Handler, error) {
	if s.draining == nil {
		s.draining = new(atomic.Bool)
	}
	doc, err := apidoc.Parse(openapi.Document)
	if err != nil {
		return nil, err
	}
	errs := &jsonapi.Errors{}
	env := routeEnv{dev: s.dev, logger: logger, errors: errs}
	var services []serviceRoutes
	var serviceOptions []runtime.ServeMuxOption
	var readiness []health.Dependency
	for _, b := range backends {
		conn := conns[b.name]
		if conn == nil {
			return nil, fmt.Errorf("no connection to the %s service", b.name)
		}
		r := b.routes(conn, env)
		if err := r.Describe(doc); err != nil {
			return nil, fmt.Errorf("%s routes: %w", b.name, err)
		}
		services = append(services, r)
		serviceOptions = append(serviceOptions, r.MuxOptions()...)
		readiness = append(readiness, health.Dependency{Name: b.name, Health: healthpb.NewHealthClient(conn)})
	}
	served, err := doc.JSON()
	if err != nil {
		return nil, err
	}

	// The checks run first, so no service adapter sees a request they refuse.
	checks := strict.New(doc.Routes(), s.maxBodyBytes, errs.Write, logger)
	options := jsonapi.MuxOptions(logger)
	var measured *httpmetrics.Recorder
	if s.metrics {
		if measured, err = httpmetrics.New(); err != nil {
			return nil, err
		}
		// First, so answers the checks give have their route too.
		options = append(options, runtime.WithMiddlewares(httpmetrics.Route))
	}
	options = append(options, runtime.WithMiddlewares(checks.Middleware))
	mux := runtime.NewServeMux(append(options, serviceOptions...)...)
	errs.Attach(mux)
	for i, r := range services {
		if err := r.Register(ctx, mux); err != nil {
			return nil, fmt.Errorf("%s routes: %w", backends[i].name, err)
		}
	}

	routes := []route{
		{"GET", "/openapi.json", noError(apidoc.Handler(served))},
		{"GET", "/healthz", noError(health.Live)},
		{"GET", "/readyz", noError(health.Ready(s.draining, readiness...))},
	}
	if issuer != nil {
		routes = append(routes,
			route{"POST", "/dev/token", issuer.ServeToken},
			route{"GET", "/dev/jwks.json", issuer.ServeJWKS},
		)
	}
	for _, rt := range routes {
		if err := mux.HandlePath(rt.method, rt.path, jsonapi.Handler(errs.Write, rt.handle)); err != nil {
			return nil, err
		}
	}

	limiter, err := ratelimit.New(s.rates, errs.Write)
	if err != nil {
		return nil, err
	}
	// Outermost first: the span and the request id, so the access log line
	// carries both; the log, so refusals are logged too; the headers every
	// answer carries; an Authorization header that could be read two ways
	// refused, before the rate limit reads it; then the rate limits, before
	// anything costs more; and a HEAD routed as the GET it asks about.
	unambiguous := authheader.Unambiguous(errs.Write)
	api := jsonapi.NoStore(unambiguous(limiter.Middleware(jsonapi.HeadAsGet(mux))))
	// The console's pages and files are served beside the API, logged like
	// it, with headers of their own.
	web, err := console.New(s.console, s.dev, api)
	if err != nil {
		return nil, err
	}
	var measuredWeb http.Handler = web
	if measured != nil {
		measuredWeb = measured.Middleware(web)
	}
	return httplog.Trace(requestid.Middleware(httplog.Access(logger, measuredWeb)), s.tracing), nil
}

func noError(h http.HandlerFunc) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		h(w, r)
		return nil
	}
}
