package main

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync"
	"time"
)

// call makes one request as the given caller, for the n-th time (so each
// caller can rotate through users on its own, sharing no state). It returns
// errWrongAnswer, wrapped, for a successful call with the wrong decision, and
// any other error for a call that failed.
type call func(caller, n int) error

var errWrongAnswer = errors.New("wrong answer")

// target is one thing measured: a call, and the server processes that
// answer it (whose CPU time the call costs).
type target struct {
	name    string
	do      call
	servers []int
}

// load is how hard and how long each target is driven.
type load struct {
	callers  int
	warmup   time.Duration // per target, once
	duration time.Duration // measured, per target
	rounds   int           // the measured time is split into this many turns
	// warmCalls is the fewest calls each caller makes while warming up,
	// however long they take: enough for the callers to ask about every
	// user once, so the servers' caches are as full as they stay (filling
	// them is a cost paid once per user, not per call) before measuring.
	warmCalls int
}

// result is what one target did under load.
type result struct {
	name      string
	window    time.Duration   // measured time
	latencies []time.Duration // of the calls that started and finished in it
	// calls, failed and wrong count the whole run, warm-up included: a
	// wrong answer is wrong whenever it happens.
	calls    int
	failed   int
	wrong    int
	firstErr error
	// clientCPU and serverCPU are the CPU time the bench process and the
	// target's servers used while measuring; cpuKnown is false where the
	// system does not say.
	clientCPU time.Duration
	serverCPU time.Duration
	cpuKnown  bool
}

// measure warms every target up, then measures each for l.duration in
// l.rounds turns that visit the targets in order, round after round. When
// the machine's other load changes during the run (a build, another
// program), it changes for every target alike, so the ratios stay fair;
// measuring each target in one block would let a neighbour's burst land on
// just one of them.
func (l load) measure(ctx context.Context, targets []target) []result {
	results := make([]result, len(targets))
	// next[i][c] is caller c's next call number on target i: it carries on
	// across turns, so the callers keep rotating through users.
	next := make([][]int, len(targets))
	for i, t := range targets {
		results[i] = result{name: t.name, cpuKnown: true}
		next[i] = make([]int, l.callers)
		l.drive(ctx, t.do, next[i], l.warmup, l.warmCalls, &results[i], false)
	}
	turn := l.duration / time.Duration(l.rounds)
	for range l.rounds {
		for i, t := range targets {
			before := sampleCPU(t.servers)
			l.drive(ctx, t.do, next[i], turn, 0, &results[i], true)
			after := sampleCPU(t.servers)
			results[i].addCPU(before, after)
		}
	}
	for i := range results {
		slices.Sort(results[i].latencies)
	}
	return results
}

// callerLog is one caller's own record, so callers never contend on a lock
// or a shared counter while measuring.
type callerLog struct {
	latencies []time.Duration
	calls     int
	failed    int
	wrong     int
	firstErr  error
}

// drive runs do with l.callers goroutines for d, and on until each has made
// at least minCalls calls, and adds what happened to r; latencies and time
// count only when measured is true (measured turns are never extended).
// Only calls that both start and finish within d count, so the rate is
// calls divided by d.
func (l load) drive(ctx context.Context, do call, next []int, d time.Duration, minCalls int, r *result, measured bool) {
	start := time.Now()
	end := start.Add(d)
	logs := make([]*callerLog, l.callers)
	var wg sync.WaitGroup
	for c := range logs {
		log := &callerLog{latencies: make([]time.Duration, 0, 1<<13)}
		logs[c] = log
		wg.Go(func() {
			for ctx.Err() == nil {
				began := time.Now()
				if !began.Before(end) && log.calls >= minCalls {
					return
				}
				err := do(c, next[c])
				finished := time.Now()
				next[c]++
				log.calls++
				switch {
				case err != nil:
					log.fail(err)
				case !finished.After(end):
					log.latencies = append(log.latencies, finished.Sub(began))
				}
			}
		})
	}
	wg.Wait()

	for _, log := range logs {
		r.calls += log.calls
		r.failed += log.failed
		r.wrong += log.wrong
		if r.firstErr == nil {
			r.firstErr = log.firstErr
		}
		if measured {
			r.latencies = append(r.latencies, log.latencies...)
		}
	}
	if measured {
		r.window += d
	}
}

func (log *callerLog) fail(err error) {
	if errors.Is(err, errWrongAnswer) {
		log.wrong++
	} else {
		log.failed++
	}
	if log.firstErr == nil {
		log.firstErr = err
	}
}

func (r *result) addCPU(before, after cpuSample) {
	if !before.ok || !after.ok {
		r.cpuKnown = false
		return
	}
	r.clientCPU += after.client - before.client
	r.serverCPU += after.server - before.server
}

// perSecond is the throughput over the measured time.
func (r result) perSecond() float64 {
	return float64(len(r.latencies)) / r.window.Seconds()
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 1) latency.
func (r result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(len(r.latencies))))
	return r.latencies[max(rank, 1)-1]
}

// cpuPerCall returns the clients' and the servers' CPU time per measured
// call.
func (r result) cpuPerCall() (client, server time.Duration, ok bool) {
	n := len(r.latencies)
	if !r.cpuKnown || n == 0 {
		return 0, 0, false
	}
	return r.clientCPU / time.Duration(n), r.serverCPU / time.Duration(n), true
}
