package follow

import (
	"testing"
	"time"
)

// After any number of failures the pause stays at or under MaxBackoff and
// is spread at random, and after a success it starts small again.
func TestRetryPausesAreCappedAndJittered(t *testing.T) {
	pauses := newRetryPauses()
	if first := pauses.NextBackOff(); first <= 0 || first > 300*time.Millisecond {
		t.Errorf("first pause %s, want (0, 300ms]", first)
	}
	seen := map[time.Duration]bool{}
	for range 1000 {
		p := pauses.NextBackOff()
		if p <= 0 || p > MaxBackoff {
			t.Fatalf("pause %s, want (0, %s]", p, MaxBackoff)
		}
		seen[p] = true
	}
	if len(seen) < 100 {
		t.Errorf("%d distinct pauses in 1000 after many failures: not jittered", len(seen))
	}
	pauses.Reset()
	if p := pauses.NextBackOff(); p > 300*time.Millisecond {
		t.Errorf("pause after a reset %s, want at most 300ms", p)
	}
}
