package changefeed_test

import (
	"context"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/changefeed"
)

func TestWaitWakesOnAdvance(t *testing.T) {
	h := changefeed.NewHub(3)
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
	h := changefeed.NewHub(9)
	head, err := h.Wait(context.Background(), 4, time.Minute)
	if err != nil || head != 9 {
		t.Fatalf("Wait = %d, %v", head, err)
	}
}

func TestWaitTimesOutAndHonoursCancel(t *testing.T) {
	h := changefeed.NewHub(1)
	if head, err := h.Wait(context.Background(), 1, 10*time.Millisecond); err != nil || head != 1 {
		t.Fatalf("timeout: %d, %v", head, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Wait(ctx, 1, time.Minute); err != context.Canceled {
		t.Fatalf("cancel: %v", err)
	}
}

func TestPollAdvancesFromTheStore(t *testing.T) {
	h := changefeed.NewHub(0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.Poll(ctx, time.Millisecond, func(context.Context) (int64, error) { return 42, nil })
	if head, _ := h.Wait(ctx, 0, 10*time.Second); head != 42 {
		t.Fatalf("head = %d, want 42", head)
	}
}

func TestCloseEndsWaits(t *testing.T) {
	h := changefeed.NewHub(1)
	ctx, cancel := context.WithCancel(context.Background())
	h.CloseWhenDone(ctx)
	got := make(chan error, 1)
	go func() {
		_, err := h.Wait(context.Background(), 1, time.Minute)
		got <- err
	}()
	cancel()
	if err := <-got; err != changefeed.ErrClosed {
		t.Fatalf("Wait after close = %v", err)
	}
	if _, err := h.Wait(context.Background(), 1, time.Minute); err != changefeed.ErrClosed {
		t.Fatalf("a later Wait = %v", err)
	}
}
