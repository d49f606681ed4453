package servicetest

import (
	"testing"
	"time"
)

// Eventually polls cond every 20 ms until it holds, failing t with what
// and cond's last word once limit has passed: for what services do in the
// background (a follower, a job) that a test waits for.
func Eventually(t testing.TB, limit time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s; last seen: %s", what, limit, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
