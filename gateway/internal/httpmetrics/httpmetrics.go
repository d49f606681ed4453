// Package httpmetrics measures the gateway's HTTP answers per route (RED:
// rate, errors and duration) for Prometheus: one histogram,
// http.server.request.duration, by method, route pattern and status. The
// route is the API document's pattern (/v1/tenants/{tenant}/users), never
// the path, so a label holds no tenant or user id and their number stays
// bounded.
package httpmetrics

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/gateway/internal/httplog"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// routeKey holds where the mux writes the route it matched.
type routeKey struct{}

// Recorder measures requests.
type Recorder struct {
	duration metric.Float64Histogram
}

// New makes a recorder on the global meter provider (telemetry.Setup
// installs Prometheus's when --metrics-addr is set).
func New() (*Recorder, error) {
	h, err := otel.Meter("github.com/liaisonhq/liaison/gateway").Float64Histogram("http.server.request.duration",
		metric.WithUnit("s"), metric.WithDescription("Duration of HTTP server requests, by method, route and status."),
		metric.WithExplicitBucketBoundaries(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
	if err != nil {
		return nil, err
	}
	return &Recorder{duration: h}, nil
}

// Middleware measures each request that passes through it.
func (rec *Recorder) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := new(string)
		answer := httplog.NewRecorder(w)
		next.ServeHTTP(answer, r.WithContext(context.WithValue(r.Context(), routeKey{}, route)))
		name := *route
		if name == "" {
			name = unrouted(r.URL.Path)
		}
		rec.duration.Record(r.Context(), time.Since(start).Seconds(), metric.WithAttributes(
			attribute.String("http.request.method", method(r.Method)),
			attribute.String("http.route", name),
			attribute.String("http.response.status_code", strconv.Itoa(answer.Status())),
		))
	})
}

// Route is the mux middleware (runtime.WithMiddlewares) that notes the
// route pattern the mux matched.
func Route(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		if route, ok := r.Context().Value(routeKey{}).(*string); ok {
			if pattern, ok := runtime.HTTPPattern(r.Context()); ok {
				// As the API document spells it: {tenant}, not {tenant=*}.
				*route = strings.ReplaceAll(pattern.String(), "=*}", "}")
			}
		}
		next(w, r, params)
	}
}

// method is the request's method when it is a standard one, else _OTHER
// (OpenTelemetry's convention): a client makes up any method it likes,
// and each would be a new series.
func method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return m
	}
	return "_OTHER"
}

// unrouted names the requests no API route matched: the console's files
// by their path (a handful), everything else as one label.
func unrouted(path string) string {
	switch path {
	case "/", "/console/app.js", "/console/app.css", "/console/config.json", "/openapi.json", "/healthz", "/readyz":
		return path
	}
	return "unmatched"
}
