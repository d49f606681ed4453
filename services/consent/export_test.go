package consent

import (
	"context"
	"sync/atomic"
	"testing"
)

// Race hooks: a test arms one with a function, which the next pass through
// the hook's point runs once, in the service's goroutine.
type raceHook struct {
	armed atomic.Pointer[func(context.Context)]
}

func (h *raceHook) run(ctx context.Context) {
	if fn := h.armed.Swap(nil); fn != nil {
		(*fn)(ctx)
	}
}

// Arm makes the next pass run fn; Fired says whether one has.
func (h *raceHook) Arm(fn func(context.Context)) { h.armed.Store(&fn) }
func (h *raceHook) Fired() bool                  { return h.armed.Load() == nil }

// HookAfterJudging is the point between the policy follower's judging a
// batch and its applying the verdicts; HookAfterPolicyCheck the point
// between a write's policy check and its transaction. Each is installed for
// the test (before the services start, so no goroutine reads the old one).
func HookAfterJudging(t *testing.T) *raceHook {
	return install(t, &testHookAfterJudging)
}

func HookAfterPolicyCheck(t *testing.T) *raceHook {
	return install(t, &testHookAfterPolicyCheck)
}

func install(t *testing.T, point *func(context.Context)) *raceHook {
	h, before := &raceHook{}, *point
	*point = h.run
	t.Cleanup(func() { *point = before })
	return h
}
