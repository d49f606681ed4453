// Package httplog observes each HTTP request: its W3C trace context taken
// (a server span, when spans are exported), and one access-log line once it
// is answered. Logging and the tracer provider themselves come from the
// platform.
package httplog

import (
	"log/slog"
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"github.com/liaisonhq/liaison/platform/telemetry"
)

// Probe paths are polled every few seconds; tracing them would bury the
// traces that matter.
var probePaths = map[string]bool{"/healthz": true, "/readyz": true}

// Trace continues the caller's W3C trace context for each request except
// the health probes. When spans are exported (tracing), otelhttp starts a
// server span per request; when not, the trace context is only taken from
// the headers, which is all a no-op span would carry on, without the
// attributes, metrics and wrapped writer otelhttp builds for every request
// regardless.
func Trace(next http.Handler, tracing bool) http.Handler {
	if tracing {
		return otelhttp.NewHandler(next, "gateway",
			otelhttp.WithFilter(func(r *http.Request) bool { return !probePaths[r.URL.Path] }),
			otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return "HTTP " + r.Method }),
		)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !probePaths[r.URL.Path] {
			if ctx := telemetry.ExtractHTTP(r.Context(), r.Header); ctx != r.Context() {
				r = r.WithContext(ctx)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Access logs one line per request once it is answered. It logs the path
// without the query and no headers, so tokens never reach the logs. The
// platform's logger adds the request and trace ids from the context. A
// handler that panics (an aborted download) gets no line.
//
// The record goes to the logger's handler directly: Logger.LogAttrs would
// also walk the stack for the caller's program counter, which the JSON
// lines never show, a third of the line's cost.
func Access(logger *slog.Logger, next http.Handler) http.Handler {
	h := logger.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := NewRecorder(w)
		next.ServeHTTP(rec, r)
		ctx := r.Context()
		if !h.Enabled(ctx, slog.LevelInfo) {
			return
		}
		end := time.Now()
		line := slog.NewRecord(end, slog.LevelInfo, "http request", 0)
		line.AddAttrs(
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.code),
			slog.Float64("duration_ms", float64(end.Sub(start).Microseconds())/1000),
			slog.Int64("bytes", rec.written),
		)
		_ = h.Handle(ctx, line) // as Logger does, a line that cannot be written is dropped
	})
}
