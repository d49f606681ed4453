// Package logging sets up log/slog for a service: JSON lines on stderr, each
// record carrying the trace and request ids of its context.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/liaisonhq/liaison/platform/requestid"
	"go.opentelemetry.io/otel/trace"
)

// New returns a JSON logger at the named level for service.
func New(out io.Writer, level, service string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", level, err)
	}
	h := slog.NewJSONHandler(out, &slog.HandlerOptions{Level: l})
	return slog.New(contextHandler{h}).With("service", service), nil
}

// contextHandler adds trace_id, span_id and request_id from the context.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	if id := requestid.From(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(attrs)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}
