// Package paging reads and makes the page tokens of every List call: a
// token is the last key of the previous page, opaque to callers and marked
// so that a made-up token is refused rather than read as a key.
package paging

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
)

// Page sizes of every List call, unless a list of large items says less.
const (
	DefaultSize = 100
	MaxSize     = 1000
)

// MaxTokenLength bounds the page tokens callers send back: a token holds
// a key of at most 64 characters (an id) and a prefix, base64-encoded.
const MaxTokenLength = 128

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

// Revision reads the key of a page of a log ordered by revision, newest
// first: the revision to continue below, 0 for the first page.
func Revision(after string) (int64, error) {
	if after == "" {
		return 0, nil
	}
	rev, err := strconv.ParseInt(after, 10, 64)
	if err != nil || rev <= 0 {
		return 0, InvalidToken()
	}
	return rev, nil
}

// NextRevision is Next for such a log: the token of the page after one that
// ended at revision last.
func NextRevision(got, limit int, last int64) string {
	return Next(got, limit, strconv.FormatInt(last, 10))
}
