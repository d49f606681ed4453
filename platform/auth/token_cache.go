package auth

import (
	"sync"
	"time"
)

// tokenCache remembers verified tokens until they expire. It is bounded:
// when full it starts over, which costs one re-verification per token.
type tokenCache struct {
	mu      sync.RWMutex
	max     int
	entries map[string]cachedToken
	now     func() time.Time
}

type cachedToken struct {
	principal *Principal
	expiry    time.Time
}

func newTokenCache(max int) *tokenCache {
	return &tokenCache{max: max, entries: make(map[string]cachedToken), now: time.Now}
}

func (c *tokenCache) get(raw string) (*Principal, bool) {
	c.mu.RLock()
	e, ok := c.entries[raw]
	c.mu.RUnlock()
	if !ok || !c.now().Before(e.expiry) {
		return nil, false
	}
	return e.principal, true
}

func (c *tokenCache) put(raw string, p *Principal, expiry time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		c.entries = make(map[string]cachedToken, c.max)
	}
	c.entries[raw] = cachedToken{principal: p, expiry: expiry}
}
