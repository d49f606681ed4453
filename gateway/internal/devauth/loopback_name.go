package devauth

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkLoopbackName refuses a token request not addressed to this host by
// a loopback name. A loopback client address is not enough: a web page the
// developer opens can post from their browser under its own host name
// after pointing that name at 127.0.0.1 (DNS rebinding), and its requests
// then come from loopback; the browser still sends the page's name as Host.
func checkLoopbackName(r *http.Request) error {
	if isLoopbackName(hostPart(r.Host)) {
		return nil
	}
	return status.Error(codes.PermissionDenied, fmt.Sprintf(
		"dev tokens are minted only for requests addressed to this host by a loopback name (Host localhost, 127.0.0.1 or [::1], any port); this request's Host is %q, and a web page whose name points at this host must not get one",
		jsonapi.Shorten(r.Host)))
}

// hostPart is the host of a Host header, without its port or an IPv6
// address's brackets.
func hostPart(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}

// isLoopbackName reports the names that can only mean this host: not any
// name that resolves to it, which is what DNS rebinding relies on.
func isLoopbackName(host string) bool {
	return strings.EqualFold(host, "localhost") || host == "127.0.0.1" || host == "::1"
}
