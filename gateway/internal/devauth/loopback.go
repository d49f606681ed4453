package devauth

import (
	"net/http"
	"net/netip"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// proxyHeaders say a proxy relayed the request for another client: through
// a proxy on this host, every client would look like loopback. A proxy adds
// at least one of them (Via is the standard's, RFC 9110); one that adds none
// still sends its clients' Host, which checkLoopbackName refuses unless it
// is a loopback name.
var proxyHeaders = []string{"Forwarded", "Via", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-Ip"}

// checkLoopback refuses a token request that does not come straight from
// this host. --dev binds loopback by default, but an explicit --http-addr
// may bind every interface, and anyone who can mint a token is an Operator:
// the route itself must not depend on the bind address.
func checkLoopback(r *http.Request) error {
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !addr.Addr().Unmap().IsLoopback() {
		return status.Error(codes.PermissionDenied, "dev tokens are minted only for clients on this host (a loopback address); this request came from another address")
	}
	for _, h := range proxyHeaders {
		if r.Header.Get(h) != "" {
			return status.Error(codes.PermissionDenied, "dev tokens are minted only for clients on this host (a loopback address); this request was relayed by a proxy ("+h+")")
		}
	}
	return nil
}
