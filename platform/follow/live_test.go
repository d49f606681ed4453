package follow_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/follow"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
)

// source is another service as a Live follower sees it: a head that
// commits move, a stream the test feeds, and a gate that can hold the
// answer of a head request.
type source struct {
	head      atomic.Int64
	headCalls atomic.Int32
	gate      chan struct{} // when set, Head answers only once it is closed
	messages  chan int64
	failures  chan error
	froms     chan int64
}

func newSource() *source {
	return &source{messages: make(chan int64, 100), failures: make(chan error, 1), froms: make(chan int64, 10)}
}

func (s *source) live(applied *[]int64, resets *atomic.Int32) *follow.Live[int64] {
	var mu sync.Mutex
	return &follow.Live[int64]{
		Name: "source", Logger: slog.New(slog.DiscardHandler), BarrierTimeout: 300 * time.Millisecond,
		Head: func(ctx context.Context) (int64, error) {
			s.headCalls.Add(1)
			head := s.head.Load() // read at the request, answered after the gate
			if s.gate != nil {
				<-s.gate
			}
			return head, nil
		},
		Watch: func(ctx context.Context, from int64) (func() (int64, error), error) {
			s.froms <- from
			return func() (int64, error) {
				select {
				case m := <-s.messages:
					return m, nil
				case err := <-s.failures:
					return 0, err
				case <-ctx.Done():
					return 0, ctx.Err()
				}
			}, nil
		},
		Revision: func(m int64) int64 { return m },
		Apply: func(m int64) {
			mu.Lock()
			defer mu.Unlock()
			*applied = append(*applied, m)
		},
		Reset: func(int64) { resets.Add(1) },
	}
}

// commit moves the source's head to revision and delivers it on the stream.
func (s *source) commit(revision int64) {
	s.head.Store(revision)
	s.messages <- revision
}

func run(t *testing.T, l *follow.Live[int64]) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); l.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

type freshResult struct {
	revision int64
	err      error
}

func fresh(l *follow.Live[int64]) chan freshResult {
	out := make(chan freshResult, 1)
	go func() {
		rev, err := l.Fresh(context.Background())
		out <- freshResult{rev, err}
	}()
	return out
}

func waitResult(t *testing.T, what string, ch chan freshResult) freshResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: Fresh did not return", what)
		return freshResult{}
	}
}

func TestLiveFreshWaitsUntilTheViewReachesTheHead(t *testing.T) {
	src := newSource()
	src.head.Store(4)
	var applied []int64
	var resets atomic.Int32
	l := src.live(&applied, &resets)
	l.BarrierTimeout = 5 * time.Second
	run(t, l)
	if from := <-src.froms; from != 4 {
		t.Fatalf("the first stream starts from %d, want the head 4", from)
	}
	if r := waitResult(t, "nothing committed since start", fresh(l)); r.err != nil || r.revision != 4 {
		t.Fatalf("Fresh = %d, %v; want 4", r.revision, r.err)
	}

	src.head.Store(6) // committed, not yet delivered
	pending := fresh(l)
	select {
	case r := <-pending:
		t.Fatalf("Fresh returned %d, %v before the view reached the head", r.revision, r.err)
	case <-time.After(50 * time.Millisecond):
	}
	src.messages <- 5
	src.messages <- 6
	if r := waitResult(t, "after delivery", pending); r.err != nil || r.revision != 6 {
		t.Fatalf("Fresh = %d, %v; want 6", r.revision, r.err)
	}
	if resets.Load() != 1 {
		t.Errorf("Reset ran %d times, want once (at start)", resets.Load())
	}
}

// A caller that arrives while a round is asking for the head waits for the
// next round: the head asked before it came may miss its own writes.
func TestLiveFreshNeverAnswersFromAHeadAskedBeforeTheCall(t *testing.T) {
	src := newSource()
	src.head.Store(3)
	var applied []int64
	var resets atomic.Int32
	l := src.live(&applied, &resets)
	l.BarrierTimeout = 5 * time.Second
	run(t, l)
	<-src.froms

	src.gate = make(chan struct{})
	first := fresh(l)
	waitFor(t, 5*time.Second, func() bool { return src.headCalls.Load() == 2 }) // start's and the first round's
	src.commit(7)                                                               // a write returns, then callers arrive
	var later []chan freshResult
	for range 10 {
		later = append(later, fresh(l))
	}
	time.Sleep(100 * time.Millisecond) // let the ten reach Fresh while the first round waits
	close(src.gate)
	if r := waitResult(t, "first caller", first); r.err != nil || r.revision < 3 {
		t.Fatalf("first Fresh = %d, %v", r.revision, r.err)
	}
	for i, ch := range later {
		if r := waitResult(t, "later caller", ch); r.err != nil || r.revision < 7 {
			t.Fatalf("later caller %d: Fresh = %d, %v; want at least 7, the head when it called", i, r.revision, r.err)
		}
	}
	// One round for the first caller and one shared by the ten.
	if calls := src.headCalls.Load(); calls != 3 {
		t.Errorf("head asked %d times, want 3 (start, and one round per batch of callers)", calls)
	}
}

func TestLiveFreshFailsWhenTheStreamLags(t *testing.T) {
	src := newSource()
	src.head.Store(2)
	var applied []int64
	var resets atomic.Int32
	l := src.live(&applied, &resets)
	run(t, l)
	<-src.froms
	src.head.Store(9) // committed, never delivered
	r := waitResult(t, "lagging stream", fresh(l))
	if !errors.Is(r.err, context.DeadlineExceeded) {
		t.Fatalf("Fresh = %d, %v; want a deadline error", r.revision, r.err)
	}
}

func TestLiveFreshFailsBeforeFollowing(t *testing.T) {
	l := &follow.Live[int64]{
		Name: "down", Logger: slog.New(slog.DiscardHandler), BarrierTimeout: 100 * time.Millisecond,
		Head: func(ctx context.Context) (int64, error) { return 0, errors.New("unavailable") },
	}
	run(t, l)
	if _, err := l.Fresh(context.Background()); err == nil {
		t.Fatal("Fresh succeeded against a source that cannot say its head")
	}
}

// A stream that cannot resume (its revision expired) empties the view and
// starts again from the head.
func TestLiveStartsOverWhenTheStreamExpired(t *testing.T) {
	src := newSource()
	src.head.Store(5)
	var applied []int64
	var resets atomic.Int32
	l := src.live(&applied, &resets)
	run(t, l)
	<-src.froms
	src.commit(6)
	src.head.Store(20)
	src.failures <- &apierror.Error{
		Code: codes.OutOfRange, Reason: typev1.ErrorReason_REVISION_EXPIRED,
		Message: "expired", Metadata: map[string]string{"horizon": "10"},
	}
	select {
	case from := <-src.froms:
		if from != 20 {
			t.Fatalf("after expiry the stream starts from %d, want the head 20", from)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the follower did not start over")
	}
	if resets.Load() != 2 {
		t.Errorf("Reset ran %d times, want 2 (start and start-over)", resets.Load())
	}
}
