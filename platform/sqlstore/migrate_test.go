package sqlstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
)

// TestConcurrentMigrationsBackends: on PostgreSQL, replicas that start at
// once (each pod's migrate init container) all succeed, and each migration
// runs once. An SQLite file has one process by design (no replicas): there
// the replicas migrate one after another, and the later ones find nothing
// to do.
func TestConcurrentMigrationsBackends(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		url := newURL(t)
		const replicas = 4
		var oneAtATime sync.Mutex
		embedded := strings.HasPrefix(url, "sqlite:")
		var wg sync.WaitGroup
		errs := make([]error, replicas)
		for i := range replicas {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if embedded {
					oneAtATime.Lock()
					defer oneAtATime.Unlock()
				}
				db, err := sqlstore.OpenMigrated(context.Background(), url, sqlstoretest.NoTables, true)
				if err == nil {
					err = db.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
		}
	})
}
