// Package paging reads and makes the page tokens of every List call: a
// token is the last key of the previous page, opaque to callers and marked
// so that a made-up token is refused rather than read as a key.
package paging

import (
	"encoding/base64"
	"strings"

	"github.com/liaisonhq/liaison/services/internal/platform/apierror"
)

// Page sizes of every List call.
const (
	DefaultSize = 100
	MaxSize     = 1000
)

const tokenPrefix = "after:"

// Parse returns the key to continue after (empty for the first page) and
// the number of items to return.
func Parse(size int32, token string) (after string, limit int, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	key, ok := strings.CutPrefix(string(raw), tokenPrefix)
	if err != nil || (token != "" && !ok) {
		return "", 0, InvalidToken()
	}
	if size == 0 {
		size = DefaultSize
	}
	return key, int(size), nil
}

// Next is the token of the page after one of got items (of limit asked)
// that ended at lastKey; "" when the page was not full, so there is no more.
func Next(got, limit int, lastKey string) string {
	if got < limit || got == 0 {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + lastKey))
}

// InvalidToken is the error of a token that no call made.
func InvalidToken() error {
	return apierror.InvalidField("page_token", "must be the next_page_token of a previous call")
}
