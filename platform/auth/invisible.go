package auth

import (
	"fmt"
	"unicode"
)

// invisibleFault names the first character of value that a reader cannot
// see, or returns "". Such a character makes two identities that look the
// same differ ("system" and "system" followed by a zero-width space), so
// the audit log would show an actor that is not who it seems.
func invisibleFault(value string) string {
	for i, c := range value {
		if isInvisible(c) {
			return fmt.Sprintf("must not contain invisible characters (%U at offset %d)", c, i)
		}
	}
	return ""
}

// braillePatternBlank draws nothing, though it is a symbol.
const braillePatternBlank = '\u2800'

// isInvisible reports the characters that draw nothing or only space: the
// format characters (Cf: zero-width spaces and joiners, the soft hyphen,
// the byte order mark, tags...), Unicode's other default-ignorable code
// points (fillers, the combining grapheme joiner...), variation selectors,
// and every space but the ASCII one, which reads as a space to everyone.
func isInvisible(c rune) bool {
	return unicode.In(c, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		(unicode.Is(unicode.Zs, c) && c != ' ') ||
		c == braillePatternBlank
}
