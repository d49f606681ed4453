package follow

import (
	"context"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// The revision each followed stream has been handled up to, by stream
// name, for Prometheus (--metrics-addr) as liaison.follow.revision. Beside
// the followed service's liaison.changelog.revision (what it committed),
// the difference is how far behind the follower runs.
var (
	handled     sync.Map // stream name -> *atomic.Int64
	gaugeOnce   sync.Once
	streamNames = attribute.Key("stream")
)

// noteHandled records that the stream named name is handled up to
// revision.
func noteHandled(name string, revision int64) {
	gaugeOnce.Do(registerGauge)
	v, _ := handled.LoadOrStore(name, new(atomic.Int64))
	v.(*atomic.Int64).Store(revision)
}

func registerGauge() {
	_, _ = otel.Meter("github.com/liaisonhq/liaison/platform/follow").Int64ObservableGauge("liaison.follow.revision",
		metric.WithDescription("The revision each followed change stream is handled up to, by stream."),
		metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
			handled.Range(func(name, v any) bool {
				o.Observe(v.(*atomic.Int64).Load(), metric.WithAttributes(streamNames.String(name.(string))))
				return true
			})
			return nil
		}))
}
