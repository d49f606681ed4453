package contactsync

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// tenantLimits pace each tenant's calls to the network: a token bucket per
// tenant, and a pause when the network answers 429 with Retry-After, which
// holds every sync of the tenant on this replica, not only the one told.
type tenantLimits struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	tenants map[string]*tenantLimit
}

type tenantLimit struct {
	bucket      *rate.Limiter
	pausedUntil time.Time
}

func newTenantLimits(perSecond float64, burst int) *tenantLimits {
	return &tenantLimits{rate: rate.Limit(perSecond), burst: max(burst, 1), tenants: map[string]*tenantLimit{}}
}

func (l *tenantLimits) of(tenant string) *tenantLimit {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.tenants[tenant]
	if t == nil {
		t = &tenantLimit{bucket: rate.NewLimiter(l.rate, l.burst)}
		l.tenants[tenant] = t
	}
	return t
}

// wait returns when the tenant may make its next call, or ctx ends.
func (l *tenantLimits) wait(ctx context.Context, tenant string) error {
	t := l.of(tenant)
	l.mu.Lock()
	pause := time.Until(t.pausedUntil)
	l.mu.Unlock()
	if pause > 0 {
		timer := time.NewTimer(pause)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
	}
	return t.bucket.Wait(ctx)
}

// pausedUntil is when the network's last pause of the tenant ends.
func (l *tenantLimits) pausedUntil(tenant string) time.Time {
	t := l.of(tenant)
	l.mu.Lock()
	defer l.mu.Unlock()
	return t.pausedUntil
}

// pause holds the tenant's calls for d (the network's Retry-After, or a
// second when it did not say), and says until when they are held.
func (l *tenantLimits) pause(tenant string, d time.Duration) time.Time {
	if d <= 0 {
		d = time.Second
	}
	t := l.of(tenant)
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := time.Now().Add(d); until.After(t.pausedUntil) {
		t.pausedUntil = until
	}
	return t.pausedUntil
}
