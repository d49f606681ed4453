package ratelimit

import (
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// keyed holds a token bucket per key (a token's hash, an address), at most
// maxKeys of them: a flood of new keys evicts the least recently seen,
// which only hands those a fresh burst, while memory stays bounded.
type keyed struct {
	rate    rate.Limit
	burst   int
	buckets *lru.Cache[string, *rate.Limiter]
}

// newKeyed returns nil when perSecond is 0: that limit is off.
func newKeyed(perSecond float64, burst, maxKeys int) (*keyed, error) {
	if perSecond == 0 {
		return nil, nil
	}
	buckets, err := lru.New[string, *rate.Limiter](maxKeys)
	if err != nil {
		return nil, err
	}
	return &keyed{rate: rate.Limit(perSecond), burst: burst, buckets: buckets}, nil
}

// wait takes one request from key's bucket at now. When the bucket is
// empty, it takes nothing and returns how long until a request would pass.
func (k *keyed) wait(key string, now time.Time) time.Duration {
	if k == nil {
		return 0
	}
	bucket, ok := k.buckets.Get(key)
	if !ok {
		// Two first requests of a key may race to add a bucket; the loser's
		// request is counted in a bucket that is then dropped: harmless.
		bucket = rate.NewLimiter(k.rate, k.burst)
		k.buckets.Add(key, bucket)
	}
	r := bucket.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return delay
	}
	return 0
}
