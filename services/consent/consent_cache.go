package consent

import (
	"hash/maphash"
	"sync"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// maxCachedConsents bounds the cache; past it, an arbitrary answer makes
// room for each new one.
const maxCachedConsents = 200_000

// generationShards spreads the change counters over fixed slots, so memory
// stays bounded however many users change.
const generationShards = 256

// consentCache keeps GetConsent answers per user, dropped whenever a ledger
// event for the user commits. A read that started before a change is not
// kept: every change bumps the generation of the user's slot, and an answer
// is stored only if its slot's generation did not move while it was read.
type consentCache struct {
	seed        maphash.Seed
	mu          sync.RWMutex
	answers     map[string]*consentv1.GetConsentResponse
	generations [generationShards]uint64
}

func newConsentCache() *consentCache {
	return &consentCache{seed: maphash.MakeSeed(), answers: map[string]*consentv1.GetConsentResponse{}}
}

func cacheKey(tenant, user string) string { return tenant + "\x00" + user }

func (c *consentCache) slot(key string) int {
	return int(maphash.String(c.seed, key) % generationShards)
}

// get returns the cached answer, or the generation to pass to put.
func (c *consentCache) get(tenant, user string) (*consentv1.GetConsentResponse, uint64) {
	key := cacheKey(tenant, user)
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.answers[key], c.generations[c.slot(key)]
}

// put keeps an answer read at generation gen, unless a change came since.
func (c *consentCache) put(tenant, user string, gen uint64, answer *consentv1.GetConsentResponse) {
	key := cacheKey(tenant, user)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.generations[c.slot(key)] != gen {
		return
	}
	if len(c.answers) >= maxCachedConsents {
		for evicted := range c.answers {
			delete(c.answers, evicted) // map order is arbitrary: a random eviction
			break
		}
	}
	c.answers[key] = answer
}

// forget drops the user's answer after the change at revision. An answer
// already at that revision or later stays: it was read after the change (the
// writer forgets at once, and the ledger's follower again).
func (c *consentCache) forget(tenant, user string, revision int64) {
	key := cacheKey(tenant, user)
	c.mu.Lock()
	defer c.mu.Unlock()
	if a := c.answers[key]; a != nil && a.Revision >= revision {
		return
	}
	c.generations[c.slot(key)]++
	delete(c.answers, key)
}

// reset drops every answer: changes were missed, so none can be trusted.
func (c *consentCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.generations {
		c.generations[i]++
	}
	clear(c.answers)
}
