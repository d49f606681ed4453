package auth

import "strings"

// BearerToken returns the token of an Authorization value in the Bearer
// scheme (RFC 6750): the scheme in any case, spaces or tabs, then the token
// in token68 characters (letters, digits, "-._~+/", then "=" padding). Any
// other value is malformed: ok is false.
//
// The services authenticate with it and the gateway keys its per-caller
// rate limit with it, so both read the same token from the same header. The
// token's characters are strict because the signature library ignores
// whitespace inside a token: accepted, "ab c" and "a bc" would be one caller
// under many keys.
func BearerToken(header string) (token string, ok bool) {
	h := strings.Trim(header, " \t")
	i := strings.IndexAny(h, " \t")
	if i < 0 || !strings.EqualFold(h[:i], "bearer") {
		return "", false
	}
	token = strings.TrimLeft(h[i:], " \t")
	if !isToken68(token) {
		return "", false
	}
	return token, true
}

// isToken68 reports whether s is an RFC 7235 token68: one or more of
// letters, digits and "-._~+/", then any "=" padding.
func isToken68(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for _, c := range []byte(body) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~+/", c) >= 0:
		default:
			return false
		}
	}
	return true
}
