package policy

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/liaisonhq/liaison/services/internal/platform/apierror"
	"github.com/liaisonhq/liaison/services/internal/platform/auth"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// pageTokenPrefix marks our page tokens, so a made-up token is refused
// rather than read as a key.
const pageTokenPrefix = "after:"

// Page sizes of every List call.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// pageOf turns a request's page size and token into a store page. The token
// is the last key of the previous page, opaque to callers.
func pageOf(size int32, token string) (store.Page, error) {
	after, err := base64.RawURLEncoding.DecodeString(token)
	key, ok := strings.CutPrefix(string(after), pageTokenPrefix)
	if err != nil || (token != "" && !ok) {
		return store.Page{}, invalidPageToken()
	}
	limit := int(size)
	if limit == 0 {
		limit = defaultPageSize
	}
	return store.Page{After: key, Limit: limit}, nil
}

// nextPageToken returns the token for the page after one that ended at
// lastKey, or "" when the page was not full (there is nothing more).
func nextPageToken(got, limit int, lastKey string) string {
	if got < limit {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(pageTokenPrefix + lastKey))
}

func invalidPageToken() error {
	return apierror.InvalidField("page_token", "must be the next_page_token of a previous call")
}

// listPage reads one page of a tenant's resources for a tenant reader:
// list reads the items after the page's key, key gives an item's key.
func listPage[T any](ctx context.Context, s *Service, tenant string, size int32, token string,
	list func(context.Context, string, store.Page) ([]T, error), key func(T) string) ([]T, string, error) {
	if err := auth.RequireTenantReader(ctx, tenant); err != nil {
		return nil, "", err
	}
	page, err := pageOf(size, token)
	if err != nil {
		return nil, "", err
	}
	if _, err := s.tenant(ctx, tenant); err != nil {
		return nil, "", err
	}
	items, err := list(ctx, tenant, page)
	if err != nil || len(items) == 0 {
		return items, "", err
	}
	return items, nextPageToken(len(items), page.Limit, key(items[len(items)-1])), nil
}
