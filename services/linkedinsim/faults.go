package linkedinsim

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Faults make the public API slow or flaky on purpose, so the services'
// timeouts, retries and fail-closed paths (PRODUCT.md B10) can be tested
// against the real simulator. They never apply to the admin API, which
// tests need to keep working while they break everything else.
type Faults struct {
	// LatencyMs delays every affected request by this many milliseconds.
	LatencyMs int `json:"latencyMs"`
	// ErrorRate is the share (0 to 1) of affected requests that get 503.
	ErrorRate float64 `json:"errorRate"`
	// Paths are comma-separated path prefixes the faults apply to; empty
	// means the whole public API.
	Paths string `json:"paths"`
}

// maxLatency keeps an injected delay below any sane client timeout budget
// a test would wait for.
const maxLatency = 60_000

func (f Faults) validate() error {
	if f.LatencyMs < 0 || f.LatencyMs > maxLatency {
		return fmt.Errorf("latencyMs must be between 0 and %d, got %d", maxLatency, f.LatencyMs)
	}
	if f.ErrorRate < 0 || f.ErrorRate > 1 {
		return fmt.Errorf("errorRate must be between 0 and 1, got %g", f.ErrorRate)
	}
	return nil
}

// applies reports whether the faults concern path.
func (f Faults) applies(path string) bool {
	if strings.TrimSpace(f.Paths) == "" {
		return true
	}
	for p := range strings.SplitSeq(f.Paths, ",") {
		if p = strings.TrimSpace(p); p != "" && strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// faultInjector holds the current faults. Its random source has a fixed
// seed, so a given sequence of requests fails the same way every run.
type faultInjector struct {
	mu     sync.Mutex
	faults Faults
	rng    *rand.Rand
}

func newFaultInjector() *faultInjector {
	return &faultInjector{rng: rand.New(rand.NewPCG(1, 2))}
}

func (f *faultInjector) get() Faults {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.faults
}

func (f *faultInjector) set(faults Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = faults
}

// decide returns the delay and whether to fail for a request to path.
func (f *faultInjector) decide(path string) (time.Duration, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.faults.applies(path) {
		return 0, false
	}
	fail := f.faults.ErrorRate > 0 && f.rng.Float64() < f.faults.ErrorRate
	return time.Duration(f.faults.LatencyMs) * time.Millisecond, fail
}

// wrap injects the current faults in front of next.
func (f *faultInjector) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		delay, fail := f.decide(r.URL.Path)
		if delay > 0 {
			// Read the body first: the server notices a client that hangs up
			// only once the body is read, and a delayed request must end
			// when its client gives up.
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
			if err != nil {
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-r.Context().Done(): // the client gave up; so do we
				t.Stop()
				return
			}
		}
		if fail {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, errUnavailable, "injected fault: the network is unavailable, retry later")
			return
		}
		next.ServeHTTP(w, r)
	})
}
