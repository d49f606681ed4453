package changelog_test

import (
	"context"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
)

func TestWaitWakesOnAdvance(t *testing.T) {
	h := changelog.NewHub(3)
	got := make(chan int64, 1)
	go func() {
		head, _ := h.Wait(context.Background(), 3, time.Minute)
		got <- head
	}()
	h.Advance(2) // older: ignored
	h.Advance(5)
	if head := <-got; head != 5 {
		t.Fatalf("woke with %d, want 5", head)
	}
}

func TestWaitReturnsAtOnceWhenAlreadyPast(t *testing.T) {
	h := changelog.NewHub(9)
	head, err := h.Wait(context.Background(), 4, time.Minute)
	if err != nil || head != 9 {
		t.Fatalf("Wait = %d, %v", head, err)
	}
}

func TestWaitTimesOutAndHonoursCancel(t *testing.T) {
	h := changelog.NewHub(1)
	if head, err := h.Wait(context.Background(), 1, 10*time.Millisecond); err != nil || head != 1 {
		t.Fatalf("timeout: %d, %v", head, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Wait(ctx, 1, time.Minute); err != context.Canceled {
		t.Fatalf("cancel: %v", err)
	}
}

func TestCloseEndsWaits(t *testing.T) {
	h := changelog.NewHub(1)
	ctx, cancel := context.WithCancel(context.Background())
	h.CloseWhenDone(ctx)
	got := make(chan error, 1)
	go func() {
		_, err := h.Wait(context.Background(), 1, time.Minute)
		got <- err
	}()
	cancel()
	if err := <-got; err != changelog.ErrClosed {
		t.Fatalf("Wait after close = %v", err)
	}
	if _, err := h.Wait(context.Background(), 1, time.Minute); err != changelog.ErrClosed {
		t.Fatalf("a later Wait = %v", err)
	}
}
