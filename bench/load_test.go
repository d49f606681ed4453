package main

import (
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	r := result{}
	for i := 1; i <= 100; i++ {
		r.latencies = append(r.latencies, time.Duration(i))
	}
	for p, want := range map[float64]time.Duration{0.50: 50, 0.99: 99, 1: 100, 0.001: 1} {
		if got := r.percentile(p); got != want {
			t.Errorf("percentile(%v) = %v, want %v", p, got, want)
		}
	}
	if got := (result{}).percentile(0.5); got != 0 {
		t.Errorf("percentile of nothing = %v, want 0", got)
	}
}

// A warm-up lasts until every caller has made its share of calls, however
// short its time: that is what makes the caches full before measuring.
func TestDriveMakesAtLeastMinCalls(t *testing.T) {
	const callers, minCalls = 4, 25
	l := load{callers: callers}
	users := make([][]int, callers)
	next := make([]int, callers)
	var r result
	l.drive(t.Context(), func(c, n int) error {
		users[c] = append(users[c], n)
		return nil
	}, next, 0, minCalls, &r, false)
	if r.calls != callers*minCalls {
		t.Errorf("made %d calls, want %d", r.calls, callers*minCalls)
	}
	for c, ns := range users {
		if len(ns) != minCalls || next[c] != minCalls {
			t.Errorf("caller %d made %d calls and goes on at %d, want %d", c, len(ns), next[c], minCalls)
		}
	}
	if r.window != 0 || len(r.latencies) != 0 {
		t.Errorf("a warm-up counted as measured: window %v, %d latencies", r.window, len(r.latencies))
	}
}
