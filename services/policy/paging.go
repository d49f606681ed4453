package policy

import (
	"encoding/base64"

	"github.com/liaisonhq/liaison/services/internal/platform/apierror"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// Page sizes of every List call.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// pageOf turns a request's page size and token into a store page. The token
// is the last key of the previous page, opaque to callers.
func pageOf(size int32, token string) (store.Page, error) {
	after, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return store.Page{}, invalidPageToken()
	}
	limit := int(size)
	if limit == 0 {
		limit = defaultPageSize
	}
	return store.Page{After: string(after), Limit: limit}, nil
}

// nextPageToken returns the token for the page after one that ended at
// lastKey, or "" when the page was not full (there is nothing more).
func nextPageToken(got, limit int, lastKey string) string {
	if got < limit {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(lastKey))
}

func invalidPageToken() error {
	return apierror.InvalidField("page_token", "must be the next_page_token of a previous call")
}
