package changelog

import (
	"context"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
)

// The newest revision of a running change log, for Prometheus
// (--metrics-addr) as liaison.changelog.revision: what this replica has
// applied from the log (other replicas' commits too) or committed itself.
// A follower's liaison.follow.revision trails it by how far behind it runs.
var (
	running     sync.Map // *Log -> struct{}, while started
	measureOnce sync.Once
)

// measure reports l while ctx lasts (the log's Start to its end).
func measure(ctx context.Context, l *Log) {
	measureOnce.Do(func() {
		_, _ = otel.Meter("github.com/liaisonhq/liaison/platform/changelog").Int64ObservableGauge("liaison.changelog.revision",
			metric.WithDescription("The newest revision of the change log this process knows: applied from the log, or committed here."),
			metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
				newest, seen := int64(0), false
				running.Range(func(l, _ any) bool {
					newest, seen = max(newest, l.(*Log).knownHead()), true
					return true
				})
				if seen {
					o.Observe(newest)
				}
				return nil
			}))
	})
	running.Store(l, struct{}{})
	context.AfterFunc(ctx, func() { running.Delete(l) })
}

// knownHead is the newest revision this process knows without asking the
// database.
func (l *Log) knownHead() int64 {
	head := l.committed.revision.Load()
	if a := l.applied.Load(); a != nil {
		head = max(head, a.hub.Head())
	}
	return head
}
