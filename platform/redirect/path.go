package redirect

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// PathRule says in words which paths Allowed refuses, for error messages.
const PathRule = "a path with no segment of dots only ('.', '..', '...'), no empty segment, and no ';', " +
	"backslash, control character, invalid UTF-8 or invalid percent-encoding, even percent-encoded"

// maxDecodes bounds how many layers of percent-encoding readings peels.
const maxDecodes = 3

// readings returns the ways an escaped URL path may be read by whoever
// handles it: as sent, percent-decoded once, then again and again as a
// server behind a proxy may decode, each time after taking compatibility
// characters as the ASCII they stand for (NFKC: "．" is ".", "％２ｅ" is
// "%2e"), as some servers normalise before they decode. It is not ok when
// any reading is unclean (see clean) or decoding does not settle: only a
// path that is clean however it is read is compared, so no reading of it
// can climb out of the origin's path.
func readings(escaped string) ([]string, bool) {
	decoded, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, false
	}
	paths := []string{escaped, decoded}
	for i := 0; ; i++ {
		next := decodeOnce(norm.NFKC.String(decoded))
		if next == decoded {
			break
		}
		if i == maxDecodes-1 {
			return nil, false
		}
		decoded = next
		paths = append(paths, decoded)
	}
	for i, p := range paths {
		if p == "" {
			paths[i] = "/"
		}
		if !clean(paths[i]) {
			return nil, false
		}
	}
	return paths, true
}

// clean reports whether p, a decoded path, reads the same to every browser
// and server: absolute, valid UTF-8, with no path parameters (";", which
// Java servers strip: "/settings/..;/admin" is "/admin" to them), no
// backslash (a slash to browsers), no control character (NUL ends the
// path for some servers), and no segment that browsers and servers resolve
// each their own way: "." or ".." and, as Windows trims trailing dots and
// spaces, any segment of nothing but dots and spaces, including an empty
// one (bar a trailing slash).
func clean(p string) bool {
	if !strings.HasPrefix(p, "/") || !utf8.ValidString(p) || strings.ContainsAny(p, `;\`) ||
		strings.ContainsFunc(p, unicode.IsControl) {
		return false
	}
	segments := strings.Split(p, "/")[1:]
	for i, s := range segments {
		last := i == len(segments)-1
		if strings.Trim(s, ". ") == "" && !(s == "" && last) {
			return false
		}
	}
	return true
}
