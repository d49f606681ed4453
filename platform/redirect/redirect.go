// Package redirect decides whether a URL the browser is to be sent to lies
// under one of the allowed origins: the guard against open redirects in
// OAuth flows.
package redirect

import (
	"net/url"
	"strings"
)

// Allowed reports whether raw is an absolute http(s) URL under one of the
// allowed origins. An origin is a URL such as "http://localhost" (any port)
// or "https://app.contoso.com:8443/settings" (that port, under that path).
// The comparison is on the parsed URL, never on the raw string, so
// "http://localhost:x@evil.example/" (user info) and
// "http://localhost.evil.example/" are both refused.
func Allowed(raw string, origins []string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Opaque != "" || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	for _, o := range origins {
		if under(u, o) {
			return true
		}
	}
	return false
}

func under(u *url.URL, origin string) bool {
	o, err := url.Parse(origin)
	if err != nil || o.User != nil || o.Host == "" {
		return false
	}
	if !strings.EqualFold(u.Scheme, o.Scheme) || !strings.EqualFold(u.Hostname(), o.Hostname()) {
		return false
	}
	if o.Port() != "" && u.Port() != o.Port() {
		return false
	}
	base := strings.TrimSuffix(o.EscapedPath(), "/")
	path := u.EscapedPath()
	// The origin's path matches at a segment boundary: "/app" allows
	// "/app" and "/app/x", not "/apple".
	return base == "" || path == base || strings.HasPrefix(path, base+"/")
}
