// Package httplog observes each HTTP request: a server span continuing the
// caller's W3C trace context, and one access-log line once it is answered.
// Logging and the tracer provider themselves come from the platform.
package httplog

import (
	"log/slog"
	"net/http"

	"github.com/felixge/httpsnoop"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// Probe paths are polled every few seconds; tracing them would bury the
// traces that matter.
var probePaths = map[string]bool{"/healthz": true, "/readyz": true}

// Trace starts a server span per request, continuing the caller's W3C
// trace context, except for the health probes.
func Trace(next http.Handler) http.Handler {
	return otelhttp.NewHandler(next, "gateway",
		otelhttp.WithFilter(func(r *http.Request) bool { return !probePaths[r.URL.Path] }),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return "HTTP " + r.Method }),
	)
}

// Access logs one line per request once it is answered. It logs the path
// without the query and no headers, so tokens never reach the logs. The
// platform's logger adds the request and trace ids from the context.
func Access(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := httpsnoop.CaptureMetrics(next, w, r)
		logger.LogAttrs(r.Context(), slog.LevelInfo, "http request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", m.Code),
			slog.Float64("duration_ms", float64(m.Duration.Microseconds())/1000),
			slog.Int64("bytes", m.Written),
		)
	})
}
