package decision

import (
	"context"
	"sync"

	"github.com/liaisonhq/liaison/services/policy/store"
)

// Snapshotter reads a tenant's decision inputs.
type Snapshotter interface {
	Snapshot(ctx context.Context, tenant string) (*store.Snapshot, error)
}

// Cache keeps one Model per tenant, loaded on first use and dropped when a
// change to the tenant commits. Concurrent first uses share one load.
type Cache struct {
	source Snapshotter

	mu      sync.RWMutex
	entries map[string]*entry
	// changed holds, per tenant, the newest revision known to change it; a
	// load that read an older snapshot is not kept.
	changed map[string]int64
	// resets counts Reset calls; a load that a Reset overtook is not kept.
	resets uint64
}

type entry struct {
	ready chan struct{}
	model *Model
	err   error
}

// NewCache returns an empty cache over source.
func NewCache(source Snapshotter) *Cache {
	return &Cache{source: source, entries: map[string]*entry{}, changed: map[string]int64{}}
}

// Model returns the tenant's current model.
func (c *Cache) Model(ctx context.Context, tenant string) (*Model, error) {
	c.mu.RLock()
	e, ok := c.entries[tenant]
	c.mu.RUnlock()
	if !ok {
		c.mu.Lock()
		if e, ok = c.entries[tenant]; !ok {
			e = &entry{ready: make(chan struct{})}
			c.entries[tenant] = e
			go c.load(tenant, e, c.resets)
		}
		c.mu.Unlock()
	}
	select {
	case <-e.ready:
		return e.model, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// load fills e. It runs detached from any one caller's context, so a caller
// giving up does not fail the others waiting on the same load.
func (c *Cache) load(tenant string, e *entry, resets uint64) {
	snap, err := c.source.Snapshot(context.Background(), tenant)
	if err == nil {
		e.model = Build(snap)
	}
	e.err = err
	c.mu.Lock()
	if err != nil || snap.Revision < c.changed[tenant] || resets != c.resets {
		// Errors are not cached, nor a snapshot a newer change overtook.
		if c.entries[tenant] == e {
			delete(c.entries, tenant)
		}
	}
	c.mu.Unlock()
	close(e.ready)
}

// Invalidate records that revision changed tenant, dropping its model. A
// revision already recorded (the writer invalidates at once, and the change
// log's follower again) drops nothing: the model since loaded is newer.
func (c *Cache) Invalidate(tenant string, revision int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if revision <= c.changed[tenant] {
		return
	}
	c.changed[tenant] = revision
	delete(c.entries, tenant)
}

// Reset drops every model: changes were missed, so none can be trusted.
func (c *Cache) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resets++
	clear(c.entries)
}
