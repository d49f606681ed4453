package server

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/liaisonhq/liaison/gateway/internal/devauth"
	consentgw "github.com/liaisonhq/liaison/gateway/internal/gen/liaison/consent/v1"
	policygw "github.com/liaisonhq/liaison/gateway/internal/gen/liaison/policy/v1"
	"github.com/liaisonhq/liaison/gateway/internal/health"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	"github.com/liaisonhq/liaison/gateway/internal/requestid"
	"github.com/liaisonhq/liaison/gateway/internal/telemetry"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/proto/openapi"
)

// route is one of the gateway's own routes. Its handler returns the error to
// answer with instead of writing it, so it is written like every API error.
type route struct {
	method, path string
	handle       func(http.ResponseWriter, *http.Request) error
}

// services are the connections to the services the gateway fronts.
type services struct {
	policy  *grpc.ClientConn
	consent *grpc.ClientConn
}

// newHandler returns the gateway's whole HTTP API: the JSON routes of each
// service, the OpenAPI document, the probes, and the dev identity routes when
// issuer is not nil (without it those paths answer 404).
//
// One grpc-gateway mux routes everything, so an unknown path or a bad request
// to the gateway's own routes gets the same JSON error as the service APIs.
func newHandler(ctx context.Context, svc services, issuer *devauth.Issuer, logger *slog.Logger) (http.Handler, error) {
	binding := browserBinding{secure: issuer == nil}
	consent := consentv1.NewConsentServiceClient(svc.consent)
	export := &connectionsExport{client: consent, logger: logger}
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, jsonapi.Marshaler()),
		runtime.WithErrorHandler(jsonapi.NewErrorHandler(logger)),
		runtime.WithRoutingErrorHandler(jsonapi.RoutingErrorHandler),
		runtime.WithMetadata(requestid.Metadata),
		runtime.WithMetadata(binding.metadata),
		runtime.WithOutgoingHeaderMatcher(outgoingHeader),
		runtime.WithForwardResponseOption(binding.remember),
		runtime.WithForwardResponseOption(binding.forget),
		runtime.WithForwardResponseOption(redirectAfterCallback),
		runtime.WithMiddlewares(export.intercept),
	)
	// The export calls the service and writes errors the way the mux does, so
	// it needs the mux, which needs the export's middleware to be built.
	export.mux = mux
	if err := policygw.RegisterPolicyServiceHandlerClient(ctx, mux, policyv1.NewPolicyServiceClient(svc.policy)); err != nil {
		return nil, err
	}
	if err := consentgw.RegisterConsentServiceHandlerClient(ctx, mux, consent); err != nil {
		return nil, err
	}

	routes := []route{
		{"GET", "/openapi.json", serveOpenAPI},
		{"GET", "/healthz", noError(health.Live)},
		{"GET", "/readyz", noError(health.Ready(
			health.Dependency{Name: "policy", Health: healthpb.NewHealthClient(svc.policy)},
			health.Dependency{Name: "consent", Health: healthpb.NewHealthClient(svc.consent)},
		))},
	}
	if issuer != nil {
		routes = append(routes,
			route{"POST", "/dev/token", issuer.ServeToken},
			route{"GET", "/dev/jwks.json", issuer.ServeJWKS},
		)
	}
	for _, rt := range routes {
		if err := mux.HandlePath(rt.method, rt.path, writeErrors(mux, rt.handle)); err != nil {
			return nil, err
		}
	}

	// Outermost first: the span, then the request id, so the access log line
	// carries both.
	return telemetry.TraceHTTP(requestid.Middleware(telemetry.AccessLog(logger, mux))), nil
}

// writeErrors adapts a route's handler to the mux, writing its error with the
// mux's error handler.
func writeErrors(mux *runtime.ServeMux, h func(http.ResponseWriter, *http.Request) error) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ map[string]string) {
		if err := h(w, r); err != nil {
			_, m := runtime.MarshalerForRequest(mux, r)
			runtime.HTTPError(r.Context(), mux, m, w, r, err)
		}
	}
}

func noError(h http.HandlerFunc) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		h(w, r)
		return nil
	}
}

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openapi.Document) // a client gone mid-body is not our error
	return nil
}
