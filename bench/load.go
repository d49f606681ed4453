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

// load is how hard and how long each target is driven.
type load struct {
	callers  int
	warmup   time.Duration
	duration time.Duration
}

// result is what one target did under load.
type result struct {
	name      string
	window    time.Duration
	latencies []time.Duration // of calls started and finished in the window, sorted
	// failed and wrong count the whole run, warm-up included: a wrong answer
	// is wrong whenever it happens.
	failed   int
	wrong    int
	firstErr error
}

// callerLog is one caller's own record, so callers never contend on a lock
// or a shared counter while measuring.
type callerLog struct {
	latencies []time.Duration
	failed    int
	wrong     int
	firstErr  error
}

// run drives do with l.callers goroutines for the warm-up and then the
// measured window. Only calls that both start and finish inside the window
// count, so the rate is calls in the window divided by its length.
func (l load) run(ctx context.Context, name string, do call) result {
	windowStart := time.Now().Add(l.warmup)
	windowEnd := windowStart.Add(l.duration)
	logs := make([]*callerLog, l.callers)
	var wg sync.WaitGroup
	for c := range logs {
		log := &callerLog{latencies: make([]time.Duration, 0, 1<<14)}
		logs[c] = log
		wg.Go(func() {
			for n := 0; ctx.Err() == nil; n++ {
				start := time.Now()
				if !start.Before(windowEnd) {
					return
				}
				err := do(c, n)
				end := time.Now()
				switch {
				case err != nil:
					log.fail(err)
				case !start.Before(windowStart) && !end.After(windowEnd):
					log.latencies = append(log.latencies, end.Sub(start))
				}
			}
		})
	}
	wg.Wait()

	r := result{name: name, window: l.duration}
	for _, log := range logs {
		r.latencies = append(r.latencies, log.latencies...)
		r.failed += log.failed
		r.wrong += log.wrong
		if r.firstErr == nil {
			r.firstErr = log.firstErr
		}
	}
	slices.Sort(r.latencies)
	return r
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

// perSecond is the throughput over the measured window.
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
