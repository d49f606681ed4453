// Package redirect decides whether a URL the browser is to be sent to lies
// under one of the allowed origins: the guard against open redirects in
// OAuth flows.
package redirect

import (
	"net/url"
	"path"
	"strings"
)

// Allowed reports whether raw is an absolute http(s) URL under one of the
// allowed origins. An origin is a URL such as "http://localhost" (any port)
// or "https://app.contoso.com:8443/settings" (that port, under that path).
// The comparison is on the parsed URL, never on the raw string, so
// "http://localhost:x@evil.example/" (user info) and
// "http://localhost.evil.example/" are both refused; the URL's path must be
// clean (see PathRule) and, under an origin with a path, lie under it in
// every way a browser or server may read it (see readings), so
// "/settings/../admin" and "/settings/..;/admin" are not under "/settings".
func Allowed(raw string, origins []string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Opaque != "" || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	paths, ok := readings(u.EscapedPath())
	if !ok {
		return false
	}
	for _, o := range origins {
		if under(u, paths, o) {
			return true
		}
	}
	return false
}

// under reports whether u, whose path reads as each of paths, lies under
// origin.
func under(u *url.URL, paths []string, origin string) bool {
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
	base := strings.TrimSuffix(path.Clean("/"+o.Path), "/")
	// The origin's path matches at a segment boundary: "/app" allows
	// "/app" and "/app/x", not "/apple". An origin without a path allows
	// every clean path.
	for _, p := range paths {
		if base != "" && p != base && !strings.HasPrefix(p, base+"/") {
			return false
		}
	}
	return true
}
