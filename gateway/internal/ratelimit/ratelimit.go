// Package ratelimit limits how many requests each caller (bearer token) and
// each client address may send to the gateway, answering 429 with
// Retry-After once a token bucket is empty. Limiting before the services
// are called keeps a flood from one client from becoming their load.
package ratelimit

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"time"

	"github.com/liaisonhq/liaison/gateway/internal/authheader"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	"github.com/liaisonhq/liaison/platform/auth"
)

// Limiter is the rate-limiting middleware.
type Limiter struct {
	callers, addresses *keyed
	writeError         jsonapi.ErrorWriter
	now                func() time.Time
}

// New returns a Limiter with the settings' rates.
func New(s Settings, writeError jsonapi.ErrorWriter) (*Limiter, error) {
	callers, err := newKeyed(s.PerCaller, s.CallerBurst, s.MaxKeys)
	if err != nil {
		return nil, err
	}
	addresses, err := newKeyed(s.PerAddress, s.AddressBurst, s.MaxKeys)
	if err != nil {
		return nil, err
	}
	return &Limiter{callers: callers, addresses: addresses, writeError: writeError, now: time.Now}, nil
}

// probePaths are never limited: an orchestrator's probes from one address
// must not be refused because a client nearby is busy.
var probePaths = map[string]bool{"/healthz": true, "/readyz": true}

// Middleware answers 429 to a request over its address's or its caller's
// rate, and passes the others on.
func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if probePaths[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		// A limit that is off costs nothing, not even its key.
		now, limit, delay := l.now(), "", time.Duration(0)
		if l.addresses != nil {
			limit, delay = "address", l.addresses.wait(addressKey(r.RemoteAddr), now)
		}
		if l.callers != nil && delay == 0 {
			if caller := callerKey(r); caller != "" {
				limit, delay = "caller", l.callers.wait(caller, now)
			}
		}
		if delay > 0 {
			w.Header().Set("Retry-After", jsonapi.RetryAfterSeconds(delay))
			l.writeError(w, r, jsonapi.RateLimited(limit, delay))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// callerKey identifies the caller by a hash of its bearer token, read as the
// services read it: the value they receive (authheader.Forwarded), parsed as
// they parse it (auth.BearerToken), so no spelling of the header they
// accept, and no junk value sent ahead of it, escapes the limit; it is ""
// for a request without a token, or with a header the services refuse,
// which the address limit alone bounds. The gateway does not verify tokens
// (the services do), so it cannot trust the subject inside one: keyed by
// subject, anyone could forge tokens naming another user and spend that
// user's rate. Forged tokens each get a bucket of their own, and the
// address limit bounds how many a client can try.
func callerKey(r *http.Request) string {
	token, ok := auth.BearerToken(authheader.Forwarded(r.Header))
	if !ok {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:16])
}

// addressKey is the client's IP address; an IPv6 client is keyed by its
// /64, which one host commonly has whole.
func addressKey(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
