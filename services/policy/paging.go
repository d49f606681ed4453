package policy

import (
	"context"

	"github.com/liaisonhq/liaison/platform/paging"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// pageOf turns a request's page size and token into a store page.
func pageOf(size int32, token string) (store.Page, error) {
	after, limit, err := paging.Parse(size, token)
	return store.Page{After: after, Limit: limit}, err
}

// listPage reads one page of a tenant's resources (for a tenant reader, as
// the access rules have checked): list reads the items after the page's
// key, key gives an item's key.
func listPage[T any](ctx context.Context, s *Service, tenant string, size int32, token, query string,
	list func(context.Context, string, store.Page) ([]T, error), key func(T) string) ([]T, string, error) {
	page, err := pageOf(size, token)
	if err != nil {
		return nil, "", err
	}
	page.Query = query
	if _, err := s.tenant(ctx, tenant); err != nil {
		return nil, "", err
	}
	items, err := list(ctx, tenant, page)
	if err != nil || len(items) == 0 {
		return items, "", err
	}
	return items, paging.Next(len(items), page.Limit, key(items[len(items)-1])), nil
}
