package changelog

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Hub tracks how far the log has been applied and wakes waiters when that
// grows. It only wakes readers, who then read the log from their last
// revision: nothing is lost when a wake-up is missed.
type Hub struct {
	mu     sync.Mutex
	head   int64
	grew   chan struct{} // closed and replaced whenever head grows
	closed chan struct{}
	once   sync.Once
}

// ErrClosed is Wait's answer once the hub is closed.
var ErrClosed = errors.New("changelog: closed")

// NewHub returns a hub whose head is the given revision.
func NewHub(head int64) *Hub {
	return &Hub{head: head, grew: make(chan struct{}), closed: make(chan struct{})}
}

// Close ends every wait, now and later: the service is shutting down, and
// its watch streams end so that shutdown does not wait for them.
func (h *Hub) Close() { h.once.Do(func() { close(h.closed) }) }

// CloseWhenDone closes the hub when ctx ends.
func (h *Hub) CloseWhenDone(ctx context.Context) { context.AfterFunc(ctx, h.Close) }

// Head is the newest revision known to be committed.
func (h *Hub) Head() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.head
}

// Advance records that revision rev has committed.
func (h *Hub) Advance(rev int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if rev <= h.head {
		return
	}
	h.head = rev
	close(h.grew)
	h.grew = make(chan struct{})
}

// Wait blocks until the head passes after, ctx ends, or timeout elapses, and
// returns the head.
func (h *Hub) Wait(ctx context.Context, after int64, timeout time.Duration) (int64, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		h.mu.Lock()
		head, grew := h.head, h.grew
		h.mu.Unlock()
		if head > after {
			return head, nil
		}
		select {
		case <-grew:
		case <-timer.C:
			return head, nil
		case <-ctx.Done():
			return head, ctx.Err()
		case <-h.closed:
			return head, ErrClosed
		}
	}
}
