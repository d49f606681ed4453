package jsonapi

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// quoteLimit bounds the text an error quotes from a request: enough to
// recognise a field name or a value, never a copy of a huge input.
const quoteLimit = 64

// Shorten bounds text taken from the request (a field name, a value) before
// an error quotes it. Without it an answer grew with its request: a 4 MB
// unknown field name answered 4 MB.
func Shorten(text string) string { return shortenTo(text, quoteLimit) }

// shortenTo cuts text where writing it as a JSON string would take more
// than limit bytes (a control character takes six), keeping it valid UTF-8,
// and marks the cut with "...".
func shortenTo(text string, limit int) string {
	cost := 0
	for i, r := range text {
		switch {
		case r < 0x20:
			cost += len(`\u0000`)
		case r == '"' || r == '\\':
			cost += 2
		default:
			cost += utf8.RuneLen(r) // an invalid byte ranges as U+FFFD, 3 bytes
		}
		if cost > limit {
			return strings.ToValidUTF8(text[:i], "") + "..."
		}
	}
	return text
}

// quoted is a double-quoted string in a decoder's message, as %q and
// protojson write the input they quote.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// shortenQuoted shortens each string a decoder's message quotes, keeping
// the rest of the message (which field, which rule) whole.
func shortenQuoted(msg string) string {
	return quoted.ReplaceAllStringFunc(msg, func(q string) string {
		return `"` + Shorten(q[1:len(q)-1]) + `"`
	})
}
