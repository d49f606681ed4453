package profilecard

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/maypok86/otter/v2"
	"golang.org/x/sync/singleflight"

	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// profiles keeps what LinkedIn answered about people, per viewer, in
// memory only (seed 004: nothing LinkedIn touches the disk), for a bounded
// time and number of entries. Concurrent misses on one key make one call.
type profiles struct {
	cache  *otter.Cache[profileKey, profile]
	flight singleflight.Group
	// mu orders keeping an answer against forgetting: forget holds it
	// while it bumps epoch and drops entries, keep while it checks epoch
	// and stores, so an answer read before a member hid is never kept
	// after the member's entries were dropped.
	mu    sync.RWMutex
	epoch uint64
}

// profileKey is one viewer's view of one email, through the LinkedIn
// member the viewer connected (another member sees other degrees).
type profileKey struct {
	tenant, user, member string
	email                string // lower case
}

// profile is LinkedIn's answer as the card shows it (SHOWN, or
// HIDDEN_BY_MEMBER or NO_MATCH), built once and shared, unchanged, by the
// cards that use it.
type profile struct {
	section *profilecardv1.LinkedInSection
	prov    []*profilecardv1.Provenance
	// member is the person's member id, when found.
	member string
}

func newProfiles(ttl time.Duration, size int) *profiles {
	return &profiles{cache: otter.Must(&otter.Options[profileKey, profile]{
		MaximumSize:      size,
		ExpiryCalculator: otter.ExpiryWriting[profileKey, profile](ttl),
	})}
}

// lookup returns the kept answer for key when trusted (the member events
// are followed, so a kept answer cannot be about a member who hid since),
// or reads it with read, once for all concurrent callers, and keeps it.
func (p *profiles) lookup(ctx context.Context, key profileKey, trusted bool, read func(context.Context) (profile, error)) (profile, error) {
	if !trusted {
		countLookup(ctx, "untrusted")
	} else if kept, ok := p.cache.GetIfPresent(key); ok {
		countLookup(ctx, "hit")
		return kept, nil
	} else {
		countLookup(ctx, "miss")
	}
	epoch := p.currentEpoch()
	// The epoch is in the flight's key: a lookup that starts after a
	// member's events were applied never shares a read begun before.
	flightKey := strings.Join([]string{key.tenant, key.user, key.member, key.email, strconv.FormatUint(epoch, 10)}, "\x00")
	got, err, _ := p.flight.Do(flightKey, func() (any, error) {
		// The read outlives a caller that gives up, for those who share it.
		answer, err := read(context.WithoutCancel(ctx))
		if err == nil {
			p.keep(key, answer, epoch)
		}
		return answer, err
	})
	if err != nil {
		return profile{}, err
	}
	return got.(profile), nil
}

func (p *profiles) currentEpoch() uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.epoch
}

// keep stores an answer read in epoch, unless members were forgotten since.
func (p *profiles) keep(key profileKey, answer profile, epoch uint64) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.epoch == epoch {
		p.cache.Set(key, answer)
	}
}

// forget drops every answer about the member or any of the emails.
func (p *profiles) forget(member string, emails []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.epoch++
	for key, kept := range p.cache.All() {
		if slices.Contains(emails, key.email) || kept.member != "" && kept.member == member {
			p.cache.Invalidate(key)
		}
	}
}

// forgetTenant drops every answer read for a viewer of tenant.
func (p *profiles) forgetTenant(tenant string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.epoch++
	for key := range p.cache.All() {
		if key.tenant == tenant {
			p.cache.Invalidate(key)
		}
	}
}

// forgetAll drops every answer.
func (p *profiles) forgetAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.epoch++
	p.cache.InvalidateAll()
}
