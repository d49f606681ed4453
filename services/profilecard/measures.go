package profilecard

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// cacheLookups counts the LinkedIn profile cache's answers, scraped with
// the process's metrics (--metrics-addr): hit (kept and trusted), miss
// (not kept) or untrusted (the member events are not followed now, so the
// cache is not asked). Concurrent misses of one key share one read of
// LinkedIn, and each counts. The hit rate is hits over all three.
var cacheLookups, _ = otel.Meter("github.com/liaisonhq/liaison/services/profilecard").Int64Counter("liaison.profilecard.cache.lookups",
	metric.WithDescription("LinkedIn profile lookups, by result: hit (kept, trusted), miss (not kept) or untrusted (cache not asked)."))

var results = map[string]metric.AddOption{
	"hit": metric.WithAttributes(attribute.String("result", "hit")), "miss": metric.WithAttributes(attribute.String("result", "miss")),
	"untrusted": metric.WithAttributes(attribute.String("result", "untrusted")),
}

func countLookup(ctx context.Context, result string) { cacheLookups.Add(ctx, 1, results[result]) }
