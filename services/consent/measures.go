package consent

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// grants counts the consents given, by direction, scraped with the
// process's metrics (--metrics-addr).
var grants, _ = otel.Meter("github.com/liaisonhq/liaison/services/consent").Int64Counter("liaison.consent.grants",
	metric.WithDescription("Consents given (connections completed), by direction."))

func countGrant(ctx context.Context, direction typev1.ConsentDirection) {
	grants.Add(ctx, 1, metric.WithAttributes(attribute.String("direction", direction.String())))
}
