package profilecard

import "sync"

// tenantChanges remembers, per tenant, the revision of the latest change a
// followed stream reported: an answer about the tenant made at an earlier
// revision may miss it, and is no longer used.
type tenantChanges struct {
	mu sync.RWMutex
	// floor applies to every tenant: the revision the view restarted at,
	// or of a change that was not one tenant's.
	floor int64
	last  map[string]int64
}

func newTenantChanges() *tenantChanges { return &tenantChanges{last: map[string]int64{}} }

// record notes a change of tenant at revision.
func (c *tenantChanges) record(tenant string, revision int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if tenant == "" {
		c.floor = max(c.floor, revision)
		return
	}
	c.last[tenant] = max(c.last[tenant], revision)
}

// since is the revision an answer about tenant must reflect to be used.
func (c *tenantChanges) since(tenant string) int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return max(c.floor, c.last[tenant])
}

// reset forgets every tenant's changes: answers must now reflect head.
func (c *tenantChanges) reset(head int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.floor = head
	clear(c.last)
}
