package profilecard

import (
	"context"

	"github.com/liaisonhq/liaison/platform/access"
	"github.com/liaisonhq/liaison/platform/auth"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// AccessRules say who may make each call: a card is its viewer's view, so
// only users of a tenant look people up, and only in their own tenant's
// directory (the target is resolved there, never in another tenant).
func AccessRules() access.Rules {
	r := access.Rules{}
	viewer := func(ctx context.Context) error { return auth.RequireTenantUser(ctx, "profile cards of their own") }
	access.Add(r, func(ctx context.Context, _ *profilecardv1.GetProfileCardRequest) error { return viewer(ctx) })
	access.Add(r, func(ctx context.Context, _ *profilecardv1.BatchGetProfileCardsRequest) error { return viewer(ctx) })
	return r
}
