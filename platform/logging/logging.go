// Package logging sets up log/slog for a service: JSON lines on stderr, each
// record carrying the trace and request ids of its context.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/liaisonhq/liaison/platform/requestid"
	"go.opentelemetry.io/otel/trace"
)

// New returns a JSON logger at the named level for service.
func New(out io.Writer, level, service string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", level, err)
	}
	o := &output{out: out}
	h := slog.NewJSONHandler(o, &slog.HandlerOptions{Level: l})
	return slog.New(contextHandler{Handler: h, out: o}).With("service", service), nil
}

// Batch makes the output of logger (a logger from New, and every logger
// sharing its output) write the lines below Warn in batches, at most
// interval after the first line of each: for a server that logs every
// request. A line at Warn or above is written at once, with those before
// it. stop writes out what waits and writes each line at once again; a
// crash before it loses at most interval's lines below Warn. For a logger
// not from New, Batch does nothing.
func Batch(logger *slog.Logger, interval time.Duration) (stop func()) {
	h, ok := logger.Handler().(contextHandler)
	if !ok || interval <= 0 {
		return func() {}
	}
	h.out.batch(interval)
	return func() { h.out.batch(0) }
}

// contextHandler adds trace_id, span_id and request_id from the context.
type contextHandler struct {
	slog.Handler
	out *output
}

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	if id := requestid.From(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.out.flush() // at once, even while batching
	}
	return err
}

func (h contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return contextHandler{Handler: h.Handler.WithAttrs(attrs), out: h.out}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{Handler: h.Handler.WithGroup(name), out: h.out}
}
