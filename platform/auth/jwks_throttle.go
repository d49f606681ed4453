package auth

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"time"
)

// retryFailedFetch is how soon a failed JWKS fetch may be tried again, when
// that is sooner than the interval: a blip of the identity provider should
// not refuse its new keys for the whole interval.
const retryFailedFetch = 2 * time.Second

// maxJWKS bounds what is read of a JWKS response; real ones are a few KiB.
const maxJWKS = 1 << 20

// throttledFetch is the HTTP transport under go-oidc's RemoteKeySet. The key
// set fetches the JWKS whenever a token names a key it does not hold, so
// every token signed by an unknown key, forged ones included, would reach
// the identity provider, which throttles us. Here a fetch within the
// interval of the last one gets that one's answer again, without the
// network; go-oidc has no option for it.
type throttledFetch struct {
	next     http.RoundTripper
	interval time.Duration

	mu   sync.Mutex // held across a fetch: go-oidc already makes one at a time
	at   time.Time  // when the last fetch was made; zero before the first
	last recorded
}

// recorded is the answer of the last fetch.
type recorded struct {
	err    error
	status int
	header http.Header
	body   []byte
}

func newThrottledFetch(next http.RoundTripper, interval time.Duration) *throttledFetch {
	return &throttledFetch{next: next, interval: interval}
}

// RoundTrip implements http.RoundTripper.
func (f *throttledFetch) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.at.IsZero() || time.Since(f.at) >= f.wait() {
		f.at, f.last = time.Now(), f.fetch(req)
	}
	if f.last.err != nil {
		return nil, f.last.err
	}
	return &http.Response{
		StatusCode: f.last.status, Status: http.StatusText(f.last.status), Header: f.last.header.Clone(),
		Body: io.NopCloser(bytes.NewReader(f.last.body)), ContentLength: int64(len(f.last.body)), Request: req,
	}, nil
}

// wait is how long after the last fetch the next may be made.
func (f *throttledFetch) wait() time.Duration {
	if f.last.err != nil || f.last.status != http.StatusOK {
		return min(f.interval, retryFailedFetch)
	}
	return f.interval
}

func (f *throttledFetch) fetch(req *http.Request) recorded {
	resp, err := f.next.RoundTrip(req)
	if err != nil {
		return recorded{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKS))
	if err != nil {
		return recorded{err: err}
	}
	return recorded{status: resp.StatusCode, header: resp.Header, body: body}
}
