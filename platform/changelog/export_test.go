package changelog

import (
	"sync"
	"testing"
)

// TrimInBatchesOf makes Trim delete at most n entries per transaction until
// t ends, and returns what each of its transactions deleted so far.
func TrimInBatchesOf(t testing.TB, n int) func() []int64 {
	var (
		mu      sync.Mutex
		batches []int64
	)
	trimBatchSize, testHookTrimmed = n, func(deleted int64) {
		mu.Lock()
		defer mu.Unlock()
		batches = append(batches, deleted)
	}
	t.Cleanup(func() { trimBatchSize, testHookTrimmed = 1000, nil })
	return func() []int64 {
		mu.Lock()
		defer mu.Unlock()
		return append([]int64(nil), batches...)
	}
}
