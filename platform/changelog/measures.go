package changelog

import (
	"context"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
)

// The newest revision this process committed to its change log, for
// Prometheus (--metrics-addr) as liaison.changelog.revision: a follower's
// liaison.follow.revision trails it by how far behind it runs.
var (
	measured    sync.Map // *Log -> struct{}
	measureOnce sync.Once
)

// measure adds l to the logs the gauge reports.
func measure(l *Log) {
	measureOnce.Do(func() {
		_, _ = otel.Meter("github.com/liaisonhq/liaison/platform/changelog").Int64ObservableGauge("liaison.changelog.revision",
			metric.WithDescription("The newest revision this process committed to its change log."),
			metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
				newest := int64(0)
				measured.Range(func(l, _ any) bool {
					newest = max(newest, l.(*Log).committed.revision.Load())
					return true
				})
				o.Observe(newest)
				return nil
			}))
	})
	measured.Store(l, struct{}{})
}
