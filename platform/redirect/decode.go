package redirect

import (
	"strconv"
	"strings"
)

// decodeOnce percent-decodes p as a lenient server does after the first
// decoding: each "%XX" of two hex digits becomes its byte, and each "%uXXXX"
// (IIS) its character, while a "%" that starts neither stays the literal
// it is ("100%" is a percent sign, decoded once from "100%25"). Decoding
// what it can, rather than refusing the whole path, finds an escape hidden
// beside a lone "%".
func decodeOnce(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' {
			if c, ok := hexValue(p[i+1:], 2); ok {
				b.WriteByte(byte(c))
				i += 2
				continue
			}
			if len(p) > i+1 && (p[i+1] == 'u' || p[i+1] == 'U') {
				if c, ok := hexValue(p[i+2:], 4); ok {
					b.WriteRune(rune(c))
					i += 5
					continue
				}
			}
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// hexValue reads the n hex digits that s starts with.
func hexValue(s string, n int) (uint64, bool) {
	if len(s) < n {
		return 0, false
	}
	v, err := strconv.ParseUint(s[:n], 16, 32)
	return v, err == nil
}
