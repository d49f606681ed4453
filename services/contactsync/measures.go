package contactsync

import (
	"context"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// measures are contact-sync's own metrics, scraped with the process's
// (--metrics-addr): contacts synced and purged, and how far behind syncs
// and purges run (from the moment they were queued to their end).
type measures struct {
	synced, purged    metric.Int64Counter
	syncLag, purgeLag metric.Float64Histogram
}

var lagBuckets = metric.WithExplicitBucketBoundaries(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600)

func newMeasures() measures {
	meter := otel.Meter("github.com/liaisonhq/liaison/services/contactsync")
	m := measures{}
	// Instruments only fail on a bad name; those below are constants.
	m.synced, _ = meter.Int64Counter("liaison.contacts.synced", metric.WithDescription("Synced contacts written or deleted, by change (added, updated, deleted)."))
	m.purged, _ = meter.Int64Counter("liaison.contacts.purged", metric.WithDescription("Synced contacts deleted by purges."))
	m.syncLag, _ = meter.Float64Histogram("liaison.sync.lag", metric.WithUnit("s"), lagBuckets,
		metric.WithDescription("From a sync's queueing to its end: how far behind LinkedIn a mailbox may be."))
	m.purgeLag, _ = meter.Float64Histogram("liaison.purge.lag", metric.WithUnit("s"), lagBuckets,
		metric.WithDescription("From a purge's queueing to its end: how long withdrawn contacts stayed."))
	return m
}

func (m measures) contactsSynced(ctx context.Context, added, updated, deleted int64) {
	for change, n := range map[string]int64{"added": added, "updated": updated, "deleted": deleted} {
		if n > 0 {
			m.synced.Add(ctx, n, metric.WithAttributes(attribute.String("change", change)))
		}
	}
}

func (m measures) since(ctx context.Context, h metric.Float64Histogram, queued time.Time) {
	h.Record(ctx, time.Since(queued).Seconds())
}
