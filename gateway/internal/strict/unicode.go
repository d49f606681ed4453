package strict

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The rules JSON text breaks when it is not Unicode.
const (
	notUTF8       = "is not valid UTF-8 text"
	loneSurrogate = `is not valid Unicode: it has half of a UTF-16 surrogate pair (\uD800 to \uDFFF) without the other half`
)

// textRule is the rule raw JSON text breaks, or "". encoding/json reads
// both faults as U+FFFD without a word, and protojson refuses a lone
// surrogate as "unexpected EOF", naming no field.
func textRule(raw []byte) string {
	switch {
	case !utf8.Valid(raw):
		return notUTF8
	case hasLoneSurrogate(raw):
		return loneSurrogate
	}
	return ""
}

// hasLoneSurrogate reports whether raw JSON text, which the decoder found
// well formed, has a \u escape of half a surrogate pair not followed by the
// other half.
func hasLoneSurrogate(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		i++ // the escaped character: \\ is not the start of an escape
		r, ok := unicodeEscape(raw[i-1:])
		if !ok || !utf16.IsSurrogate(r) {
			continue
		}
		low, ok := unicodeEscape(raw[min(i+5, len(raw)):])
		if !ok || utf16.DecodeRune(r, low) == utf8.RuneError {
			return true
		}
		i += 10 // the rest of the pair
	}
	return false
}

// unicodeEscape reads the \uXXXX escape at the start of b.
func unicodeEscape(b []byte) (rune, bool) {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[2:6]), 16, 16)
	return rune(n), err == nil
}

// rawKey is an object key as the client wrote it, from its token's raw
// text, with each byte that is not UTF-8 written as \xNN: a key that is not
// Unicode is named as sent, not as the U+FFFD it decodes to.
func rawKey(raw []byte) string {
	first, last := bytes.IndexByte(raw, '"'), bytes.LastIndexByte(raw, '"')
	if first < 0 || last <= first {
		return ""
	}
	key := raw[first+1 : last]
	var b strings.Builder
	for len(key) > 0 {
		r, size := utf8.DecodeRune(key)
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02x`, key[0])
		} else {
			b.Write(key[:size])
		}
		key = key[size:]
	}
	return b.String()
}
