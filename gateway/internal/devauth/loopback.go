package devauth

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// relayedBy names the header, if any, by which a proxy said it relayed r
// for another client: through a proxy on this host, every client would
// look like loopback. Proxies name the client in many headers (RFC 7239's
// Forwarded, RFC 9110's Via, and X-Forwarded-*, X-Real-IP, X-Client-IP,
// True-Client-IP, CF-Connecting-IP and their kin), so the families are
// matched, present even when empty. A proxy that adds none still sends its
// clients' Host, which checkLoopbackName refuses unless it is a loopback name.
func relayedBy(r *http.Request) string {
	for name := range r.Header {
		lower := strings.ToLower(name)
		if lower == "via" || strings.Contains(lower, "forwarded") || strings.HasSuffix(lower, "-ip") {
			return name
		}
	}
	return ""
}

// checkLoopback refuses a token request that does not come straight from
// this host. --dev binds loopback by default, but an explicit --http-addr
// may bind every interface, and anyone who can mint a token is an Operator:
// the route itself must not depend on the bind address.
func checkLoopback(r *http.Request) error {
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !addr.Addr().Unmap().IsLoopback() {
		return status.Error(codes.PermissionDenied, "dev tokens are minted only for clients on this host (a loopback address); this request came from another address")
	}
	if h := relayedBy(r); h != "" {
		return status.Error(codes.PermissionDenied, "dev tokens are minted only for clients on this host (a loopback address); this request was relayed by a proxy ("+jsonapi.Shorten(h)+")")
	}
	return nil
}
