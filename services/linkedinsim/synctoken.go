package linkedinsim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Sync and page tokens are opaque to clients but carry their own state, so
// the simulator keeps nothing per client: base64url(JSON) "." base64url(HMAC).
// The HMAC key is random per process, so a token that was edited, made up,
// or issued by an earlier run of the simulator fails verification.

// Token kinds: a sync token starts the next incremental listing; a page
// token continues the listing in progress.
const (
	kindSync = "sync"
	kindPage = "page"
)

// cursor is the content of a sync or page token.
type cursor struct {
	Kind   string `json:"k"`
	Member string `json:"m"`
	Epoch  uint64 `json:"e"`
	// Issued is when the token was made (Unix seconds); tokens expire.
	Issued int64 `json:"t"`
	// Pos is, for a sync token, the log position the client has seen up to;
	// for a page token, the end of the listing in progress (the log's head
	// when its first page was read).
	Pos uint64 `json:"p"`
	// From, Full and After describe the listing a page token continues.
	From  uint64 `json:"f,omitempty"`
	Full  bool   `json:"full,omitempty"`
	After string `json:"a,omitempty"`
}

var errForgedToken = errors.New("the token is malformed or was not issued by this simulator")

// tokenSealer signs and verifies cursors.
type tokenSealer struct{ key []byte }

func newTokenSealer() *tokenSealer { return &tokenSealer{key: randomBytes(32)} }

func (s *tokenSealer) seal(c cursor) string {
	payload, _ := json.Marshal(c) // a struct of strings and numbers always marshals
	body := base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + base64.RawURLEncoding.EncodeToString(s.mac(body))
}

// open verifies token and returns its cursor, which must be of kind.
func (s *tokenSealer) open(token, kind string) (cursor, error) {
	body, sig, ok := strings.Cut(token, ".")
	if !ok {
		return cursor{}, errForgedToken
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(body)) {
		return cursor{}, errForgedToken
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return cursor{}, errForgedToken
	}
	var c cursor
	if err := json.Unmarshal(payload, &c); err != nil || c.Kind != kind {
		return cursor{}, errForgedToken
	}
	return c, nil
}

func (s *tokenSealer) mac(body string) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte(body))
	return h.Sum(nil)
}

// expired reports whether a token issued at c.Issued is older than ttl.
func (c cursor) expired(now time.Time, ttl time.Duration) bool {
	return now.Sub(time.Unix(c.Issued, 0)) > ttl
}
