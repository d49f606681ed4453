package decision_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/liaisonhq/liaison/services/policy/decision"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// fakeSource counts loads and hands out snapshots at a settable revision;
// when gate is set, loads wait on it.
type fakeSource struct {
	loads    atomic.Int32
	revision atomic.Int64
	gate     chan struct{}
}

func (f *fakeSource) Snapshot(ctx context.Context, tenant string) (*store.Snapshot, error) {
	f.loads.Add(1)
	rev := f.revision.Load()
	if f.gate != nil {
		<-f.gate
	}
	if tenant == "missing" {
		return nil, store.ErrNotFound
	}
	snap := contoso()
	snap.Revision = rev
	return snap, nil
}

func TestCacheLoadsOnceAndReloadsAfterAChange(t *testing.T) {
	src := &fakeSource{}
	src.revision.Store(5)
	c := decision.NewCache(src)
	for range 3 {
		m, err := c.Model(t.Context(), "contoso")
		if err != nil || m.Revision() != 5 {
			t.Fatalf("Model = %v, %v", m, err)
		}
	}
	if n := src.loads.Load(); n != 1 {
		t.Fatalf("loaded %d times, want 1", n)
	}
	src.revision.Store(6)
	c.Invalidate("contoso", 6)
	m, err := c.Model(t.Context(), "contoso")
	if err != nil || m.Revision() != 6 || src.loads.Load() != 2 {
		t.Fatalf("after a change: revision %v, loads %d, err %v", m.Revision(), src.loads.Load(), err)
	}
}

func TestCacheSharesConcurrentLoads(t *testing.T) {
	src := &fakeSource{gate: make(chan struct{})}
	c := decision.NewCache(src)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Model(context.Background(), "contoso"); err != nil {
				t.Error(err)
			}
		}()
	}
	for src.loads.Load() == 0 {
		// wait until the one load has started
	}
	close(src.gate)
	wg.Wait()
	if n := src.loads.Load(); n != 1 {
		t.Fatalf("8 concurrent first uses made %d loads, want 1", n)
	}
}

func TestCacheDropsALoadOvertakenByAChange(t *testing.T) {
	src := &fakeSource{}
	src.revision.Store(5)
	c := decision.NewCache(src)
	// The change at revision 9 is known before the load, which still reads
	// revision 5: the model is served once but not kept.
	c.Invalidate("contoso", 9)
	if _, err := c.Model(t.Context(), "contoso"); err != nil {
		t.Fatal(err)
	}
	src.revision.Store(9)
	m, err := c.Model(t.Context(), "contoso")
	if err != nil || m.Revision() != 9 {
		t.Fatalf("stale model was kept: revision %v, err %v", m.Revision(), err)
	}
}

func TestCacheDoesNotKeepErrors(t *testing.T) {
	src := &fakeSource{}
	c := decision.NewCache(src)
	for range 2 {
		if _, err := c.Model(t.Context(), "missing"); err != store.ErrNotFound {
			t.Fatalf("err = %v", err)
		}
	}
	if n := src.loads.Load(); n != 2 {
		t.Fatalf("an error was cached: %d loads", n)
	}
}
