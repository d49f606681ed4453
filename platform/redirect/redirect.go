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
// "http://localhost.evil.example/" are both refused; under an origin with a
// path, the URL's path is compared as a browser or server may read it (see
// readPath), so "/settings/../admin" is not under "/settings".
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
	base := strings.TrimSuffix(path.Clean("/"+o.Path), "/")
	if base == "" {
		// The whole origin is allowed: no path can leave it.
		return true
	}
	p, ok := readPath(u.EscapedPath())
	// The origin's path matches at a segment boundary: "/app" allows
	// "/app" and "/app/x", not "/apple".
	return ok && (p == base || strings.HasPrefix(p, base+"/"))
}

// maxDecodes bounds how many layers of percent-encoding readPath peels.
const maxDecodes = 3

// readPath is an escaped URL path as whoever handles it may read it:
// percent-decoded, again and again as a server behind a proxy may decode,
// with backslashes as slashes, as browsers treat them in http(s) URLs. It is
// not ok when that reading holds a dot segment or an empty segment (bar a
// trailing slash), which browsers and servers resolve each their own way, or
// when decoding does not settle: only a path that is already clean is
// compared, so no reading of it can climb out of the origin's path.
func readPath(escaped string) (string, bool) {
	p := escaped
	for i := 0; ; i++ {
		decoded, err := url.PathUnescape(p)
		if err != nil || decoded == p {
			break // a lone "%" is literal to every reader
		}
		if i == maxDecodes {
			return "", false
		}
		p = decoded
	}
	p = strings.ReplaceAll(p, `\`, "/")
	if p == "" {
		p = "/"
	}
	segments := strings.Split(p, "/")
	for i, s := range segments[1:] {
		last := i == len(segments)-2
		if s == "." || s == ".." || (s == "" && !last) {
			return "", false
		}
	}
	return p, strings.HasPrefix(p, "/")
}
