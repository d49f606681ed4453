// Package loopback tells whether a request was addressed to this host by a
// name that can only mean this host, for what only this host may reach
// (dev tokens, runtime profiles). A loopback client address is not enough:
// a web page the developer opens can send requests from their browser under
// its own host name after pointing that name at 127.0.0.1 (DNS rebinding),
// and its requests then come from loopback; the browser still sends the
// page's name as Host.
package loopback

import (
	"net"
	"strings"
)

// IsName reports the names that can only mean this host: not any name
// that resolves to it, which is what DNS rebinding relies on.
func IsName(host string) bool {
	return strings.EqualFold(host, "localhost") || host == "127.0.0.1" || host == "::1"
}

// HostOf is the host of a Host header (or a listen address), without its
// port or an IPv6 address's brackets.
func HostOf(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}
