package profilecard

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedin"
)

// failingEvents answers the first poll, then fails every one after.
type failingEvents struct{ polls atomic.Int32 }

func (f *failingEvents) Person(context.Context, string, string) (*linkedin.Person, error) {
	return nil, errors.New("not used")
}

func (f *failingEvents) MemberEvents(ctx context.Context, _ string, _ int64, _ time.Duration) (*linkedin.MemberEvents, error) {
	if f.polls.Add(1) == 1 {
		return &linkedin.MemberEvents{Head: 7}, nil
	}
	return nil, linkedin.ErrUnavailable
}

// TestCacheIsNotTrustedOnceAPollFails: while the member events cannot be
// read, a member could hide unheard, so cached profiles stop being used at
// once, not only when the last answered poll grows old.
func TestCacheIsNotTrustedOnceAPollFails(t *testing.T) {
	network := &failingEvents{}
	m := &memberEvents{network: network, profiles: newProfiles(time.Minute, 10), subscriber: "test", logger: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); m.run(ctx) }()
	start := time.Now()
	for network.polls.Load() < 2 || m.current() {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("after %d polls the cache is still trusted", network.polls.Load())
		}
		time.Sleep(time.Millisecond)
	}
	// Untrusted because the poll failed, long before the last answer aged.
	if took := time.Since(start); took >= staleAfter {
		t.Errorf("the cache was trusted for %s after the poll failed", took)
	}
	cancel()
	<-done
}
