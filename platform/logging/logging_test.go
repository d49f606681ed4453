package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/requestid"
)

// writes counts the writes it gets, as stderr would take them.
type writes struct {
	bytes.Buffer
	n int
}

func (w *writes) Write(p []byte) (int, error) {
	w.n++
	return w.Buffer.Write(p)
}

func lines(w *writes) []string { return strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n") }

func TestLinesCarryServiceAndRequestID(t *testing.T) {
	var out writes
	logger, err := New(&out, "info", "gateway")
	if err != nil {
		t.Fatal(err)
	}
	logger.InfoContext(requestid.With(context.Background(), "req-7"), "hello")
	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("%q: %v", out.String(), err)
	}
	if line["service"] != "gateway" || line["request_id"] != "req-7" || line["msg"] != "hello" {
		t.Errorf("line %v", line)
	}
}

// Unless batching, each line is written at once, in a write of its own.
func TestEachLineIsWrittenAtOnce(t *testing.T) {
	var out writes
	logger, _ := New(&out, "info", "svc")
	logger.Info("one")
	logger.Info("two")
	if out.n != 2 || len(lines(&out)) != 2 {
		t.Errorf("%d writes: %q", out.n, out.String())
	}
}

// While batching, lines below Warn wait; a Warn goes out at once with them,
// in order, in one write; stopping writes out what waits and ends batching.
func TestBatchingKeepsOrderAndNeverHoldsAWarning(t *testing.T) {
	var out writes
	logger, _ := New(&out, "info", "svc")
	stop := Batch(logger.With("part", "access"), time.Hour) // a logger sharing the output
	logger.Info("one")
	logger.Info("two")
	if out.n != 0 {
		t.Fatalf("written at once while batching: %q", out.String())
	}
	logger.Warn("three")
	if got := lines(&out); out.n != 1 || len(got) != 3 || !strings.Contains(got[0], `"one"`) || !strings.Contains(got[2], `"three"`) {
		t.Fatalf("%d writes: %q", out.n, out.String())
	}
	logger.Info("four")
	stop()
	if got := lines(&out); out.n != 2 || len(got) != 4 || !strings.Contains(got[3], `"four"`) {
		t.Fatalf("after stop, %d writes: %q", out.n, out.String())
	}
	logger.Info("five")
	if out.n != 3 {
		t.Errorf("after stop, a line waited: %d writes", out.n)
	}
}

// Loggers writing at once while batches go out lose no line and tear none.
func TestBatchingUnderConcurrentLoggers(t *testing.T) {
	var out writes
	logger, _ := New(&out, "info", "svc")
	stop := Batch(logger, time.Millisecond)
	var wg sync.WaitGroup
	const loggers, each = 8, 2000 // more than one full batch
	for g := range loggers {
		wg.Go(func() {
			for i := range each {
				logger.Info("line", "g", g, "i", i, "pad", strings.Repeat("x", 40))
			}
		})
	}
	wg.Wait()
	stop()
	seen := map[string]bool{}
	for _, l := range lines(&out) {
		var line struct{ G, I int }
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("torn line %q: %v", l, err)
		}
		seen[fmt.Sprint(line.G, line.I)] = true
	}
	if len(seen) != loggers*each {
		t.Errorf("%d distinct lines, want %d", len(seen), loggers*each)
	}
}

// A logger of another kind (a test's discarding one) is left as it is.
func TestBatchOfAnotherLoggerDoesNothing(t *testing.T) {
	var out writes
	logger := slog.New(slog.NewJSONHandler(&out, nil))
	stop := Batch(logger, time.Hour)
	logger.Info("one")
	stop()
	if out.n != 1 {
		t.Errorf("%d writes", out.n)
	}
}
