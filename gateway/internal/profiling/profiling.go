// Package profiling serves Go's runtime profiles (net/http/pprof) to an
// operator or the bench on the gateway's own host. It is off unless
// --debug-addr is given, and then listens on loopback only: a profile
// shows the gateway's code paths and costs a CPU while it is taken, which
// no client of the API may ask for.
package profiling

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/liaisonhq/liaison/gateway/internal/loopback"
)

// CheckAddr refuses an address that is not host:port on a loopback name
// (localhost, 127.0.0.1 or [::1]), naming the flag.
func CheckAddr(flag, addr string) error {
	if host, _, err := net.SplitHostPort(addr); err != nil || !loopback.IsName(host) {
		return fmt.Errorf("--%s %q: want a loopback host:port, such as 127.0.0.1:6060 (profiles are never served to other hosts)", flag, addr)
	}
	return nil
}

// Server returns the profiles' HTTP server. Its requests must be addressed
// to a loopback name too, so that a web page the developer opens cannot
// reach it under its own name. It has no write timeout: a CPU profile
// answers only after the seconds it was asked for.
func Server() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // heap, goroutine, allocs, ... by name
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !loopback.IsName(loopback.HostOf(r.Host)) {
				http.Error(w, "profiles are served only to requests addressed to a loopback name", http.StatusForbidden)
				return
			}
			mux.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
}
