package consent

import (
	"sync"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// maxCachedConsents bounds the cache; when full it starts over.
const maxCachedConsents = 200_000

// consentCache keeps GetConsent answers per user, dropped whenever a ledger
// event for the user commits. A read that started before a change is not
// kept: each user has a generation that every change bumps.
type consentCache struct {
	mu          sync.RWMutex
	answers     map[string]*consentv1.GetConsentResponse
	generations map[string]uint64
}

func newConsentCache() *consentCache {
	return &consentCache{answers: map[string]*consentv1.GetConsentResponse{}, generations: map[string]uint64{}}
}

func cacheKey(tenant, user string) string { return tenant + "\x00" + user }

// get returns the cached answer, or the generation to pass to put.
func (c *consentCache) get(tenant, user string) (*consentv1.GetConsentResponse, uint64) {
	key := cacheKey(tenant, user)
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.answers[key], c.generations[key]
}

// put keeps an answer read at generation gen, unless a change came since.
func (c *consentCache) put(tenant, user string, gen uint64, answer *consentv1.GetConsentResponse) {
	key := cacheKey(tenant, user)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.generations[key] != gen {
		return
	}
	if len(c.answers) >= maxCachedConsents {
		c.answers = map[string]*consentv1.GetConsentResponse{}
	}
	c.answers[key] = answer
}

// forget drops the user's answer after a change.
func (c *consentCache) forget(tenant, user string) {
	key := cacheKey(tenant, user)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generations[key]++
	delete(c.answers, key)
}
