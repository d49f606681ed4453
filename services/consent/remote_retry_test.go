package consent

import (
	"testing"
	"time"
)

// A LinkedIn outage delays a clean-up by at most the cap after it ends,
// and the first retries come within seconds.
func TestCleanupRetriesAreQuickThenCapped(t *testing.T) {
	for attempt, want := range map[int]time.Duration{
		1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 9: 256 * time.Second,
		10: cleanupMaxRetry, 64: cleanupMaxRetry, cleanupAttempts: cleanupMaxRetry,
	} {
		for range 100 {
			if got := cleanupBackoff(attempt); got < want/2 || got > want {
				t.Fatalf("attempt %d: retry in %s, want between %s and %s", attempt, got, want/2, want)
			}
		}
	}
	var total time.Duration
	for attempt := 1; attempt < cleanupAttempts; attempt++ {
		total += cleanupBackoff(attempt)
	}
	if total < 24*time.Hour {
		t.Errorf("the queue gives up after %s of retries, want more than a day", total)
	}
}
