package profilecard

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// cacheLookups counts the LinkedIn profile cache's answers (hit: kept and
// trusted; miss: read from LinkedIn), scraped with the process's metrics
// (--metrics-addr): the hit rate is hits over both.
var cacheLookups, _ = otel.Meter("github.com/liaisonhq/liaison/services/profilecard").Int64Counter("liaison.profilecard.cache.lookups",
	metric.WithDescription("LinkedIn profile lookups, by result: hit (kept, trusted) or miss (read from LinkedIn)."))

var (
	hit  = metric.WithAttributes(attribute.String("result", "hit"))
	miss = metric.WithAttributes(attribute.String("result", "miss"))
)

func countLookup(ctx context.Context, kept bool) {
	if kept {
		cacheLookups.Add(ctx, 1, hit)
	} else {
		cacheLookups.Add(ctx, 1, miss)
	}
}
