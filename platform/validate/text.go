package validate

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Free text (names, titles, descriptions) is any Unicode text on one line.
// Characters Go does not know yet (a newer emoji) are allowed: refusing
// them would gain nothing. Control characters are refused because PostgreSQL cannot store NUL
// and the others corrupt logs, CSV exports and terminals; line and
// paragraph separators because no request field holds more than one line;
// bidirectional overrides because they make a name read differently from
// what it is (an audit log showing "admin" for another actor).

// Text checks optional free text of at most max characters.
func (r *Report) Text(field, value string, max int) {
	if value == "" {
		return
	}
	if !r.MaxLen(field, value, max) {
		return
	}
	if rule := TextFault(value); rule != "" {
		r.Add(field, rule)
	}
}

// RequiredText checks required free text of at most max characters.
func (r *Report) RequiredText(field, value string, max int) {
	if r.Required(field, value) {
		r.Text(field, value, max)
	}
}

// MaxLen records a violation when value is longer than n characters and
// reports whether it is not.
func (r *Report) MaxLen(field, value string, n int) bool {
	// A byte never stands for more than one character: the count is needed
	// only when the bytes exceed n.
	if len(value) <= n || utf8.RuneCountInString(value) <= n {
		return true
	}
	r.Add(field, fmt.Sprintf("must be at most %d characters", n))
	return false
}

// IsText reports whether value is printable text on one line.
func IsText(value string) bool { return TextFault(value) == "" }

// TextFault returns the rule value breaks, naming the first offending
// character, or "" when it is printable text on one line.
func TextFault(value string) string {
	for i, c := range value {
		switch {
		case c == utf8.RuneError && !validAt(value, i):
			return fmt.Sprintf("must be valid UTF-8 (invalid byte at offset %d)", i)
		case unicode.IsControl(c), c == '\u2028', c == '\u2029':
			return fmt.Sprintf("must not contain control characters or line breaks (%U at offset %d)", c, i)
		case isBidiControl(c):
			return fmt.Sprintf("must not contain bidirectional overrides (%U at offset %d)", c, i)
		}
	}
	return ""
}

// validAt reports whether the U+FFFD at byte i was written as such rather
// than decoded from an invalid byte.
func validAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 3
}

// isBidiControl reports the embeddings, overrides and isolates of Unicode's
// bidirectional algorithm; the plain marks (LRM, RLM, ALM) stay allowed.
func isBidiControl(c rune) bool {
	return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
}
