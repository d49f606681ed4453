package auth

import (
	"fmt"
	"strings"

	"golang.org/x/text/secure/precis"
)

// usernameFault returns the rule subject breaks as a username of RFC 8265
// (PRECIS UsernameCasePreserved) in words separated by single spaces, or
// "". The profile allows letters and digits of every script and ASCII
// punctuation ("zoë", "李雷", "o'brien@contoso.com"), and refuses what is
// not an identifier: symbols, compatibility forms that read as other
// letters ("ſ", "𝐬"), and text whose direction would reorder it on screen.
// Full-width letters pass, mapped to their ASCII form, which is why
// reservedSubject compares what a subject reads as, not its bytes.
func usernameFault(subject string) string {
	offset := 0
	for word := range strings.SplitSeq(subject, " ") {
		if word == "" {
			return "must not begin or end with a space, nor hold two in a row"
		}
		if _, err := precis.UsernameCasePreserved.String(word); err != nil {
			return usernameRule(word, offset)
		}
		offset += len(word) + 1
	}
	return ""
}

// usernameRule says why word, at offset in the subject, is no username,
// naming the first character no username may hold when there is one.
func usernameRule(word string, offset int) string {
	const rule = "must be letters, digits and ASCII punctuation (an RFC 8265 username)"
	for i, c := range word {
		if _, err := precis.UsernameCasePreserved.String(string(c)); err != nil {
			return fmt.Sprintf("%s: %U at offset %d is not allowed", rule, c, offset+i)
		}
	}
	return rule + ", each word written in one direction (the Bidi Rule of RFC 5893)"
}
