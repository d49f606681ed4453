package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/jobs"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/riverqueue/river"
)

type personArgs struct {
	User string `json:"user"`
}

func (personArgs) Kind() string { return "test.person" }

type personWorker struct {
	river.WorkerDefaults[personArgs]
}

func (personWorker) Work(context.Context, *river.Job[personArgs]) error { return nil }

// TestForgetReadsEveryPage: the jobs naming a person go, however many
// other jobs of the kind stand before them; the others stay.
func TestForgetReadsEveryPage(t *testing.T) {
	db, err := sqlstore.OpenMigrated(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "jobs.db"), sqlstoretest.NoTables, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	workers := river.NewWorkers()
	river.AddWorker(workers, personWorker{})
	q, err := jobs.New(db, workers, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	// 2,500 jobs of others first, then 3 of alice's, then 1 more: alice's
	// are past the first pages.
	insert := func(user string, n int) {
		t.Helper()
		err := db.Write(t.Context(), func(tx *sqlstore.Tx) error {
			for range n {
				if _, err := q.Insert(t.Context(), tx, personArgs{User: user}, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	insert("bob", 2500)
	insert("alice", 3)
	insert("carol", 1)
	isAlice := func(args []byte) bool {
		var a personArgs
		return json.Unmarshal(args, &a) == nil && a.User == "alice"
	}
	var deleted, running int
	err = db.Write(t.Context(), func(tx *sqlstore.Tx) error {
		deleted, running, err = q.Forget(t.Context(), tx, personArgs{}.Kind(), isAlice)
		return err
	})
	if err != nil || deleted != 3 || running != 0 {
		t.Fatalf("Forget = %d deleted, %d running, %v; want alice's 3", deleted, running, err)
	}
	var left, alice int
	if err := db.Reads().QueryRow(t.Context(), `SELECT COUNT(*) FROM river_job`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	err = db.Write(t.Context(), func(tx *sqlstore.Tx) error {
		alice, _, err = q.Forget(t.Context(), tx, personArgs{}.Kind(), isAlice)
		return err
	})
	if err != nil || left != 2501 || alice != 0 {
		t.Errorf("after: %d jobs left (want 2501), %d of alice's found again (want 0), %v", left, alice, err)
	}
}
