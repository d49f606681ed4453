package profilecard

import (
	"context"
	"time"

	"github.com/maypok86/otter/v2"
)

// answers keeps other services' answers in memory, each with the revision
// it reflects, and uses one only while it reflects the floor its asker
// gives: the revision of the latest change that could alter it.
type answers[K comparable, V any] struct {
	cache *otter.Cache[K, answer[V]]
}

// answer is one kept answer.
type answer[V any] struct {
	value    V
	revision int64
}

// answerTTL bounds how long an answer is kept even when nothing changes,
// so a replica's memory follows what is in use.
const answerTTL = 10 * time.Minute

func newAnswers[K comparable, V any](size int) *answers[K, V] {
	return &answers[K, V]{cache: otter.Must(&otter.Options[K, answer[V]]{
		MaximumSize:      size,
		ExpiryCalculator: otter.ExpiryWriting[K, answer[V]](answerTTL),
	})}
}

// clear forgets every answer: the stream that says when one is out of
// date started over.
func (a *answers[K, V]) clear() { a.cache.InvalidateAll() }

// forget drops the answers whose key matches.
func (a *answers[K, V]) forget(match func(K) bool) {
	for key := range a.cache.Keys() {
		if match(key) {
			a.cache.Invalidate(key)
		}
	}
}

// peek returns the kept answer for key if it reflects floor.
func (a *answers[K, V]) peek(key K, floor int64) (V, bool) {
	if kept, ok := a.cache.GetIfPresent(key); ok && kept.revision >= floor {
		return kept.value, true
	}
	var zero V
	return zero, false
}

// get returns the kept answer for key if it reflects floor, or else asks
// (load asks with min_revision floor, so its answer reflects at least
// floor, and may name a later revision) and keeps the answer.
func (a *answers[K, V]) get(ctx context.Context, key K, floor int64, load func(ctx context.Context, floor int64) (V, int64, error)) (V, error) {
	if kept, ok := a.peek(key, floor); ok {
		return kept, nil
	}
	value, revision, err := load(ctx, floor)
	if err != nil {
		return value, err
	}
	// Asked with min_revision floor, the answer reflects at least floor
	// whatever revision it names.
	a.cache.Set(key, answer[V]{value: value, revision: max(revision, floor)})
	return value, nil
}
