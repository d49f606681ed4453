package auth

import (
	"fmt"
	"strings"

	"golang.org/x/text/secure/bidirule"
	"golang.org/x/text/secure/precis"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// username is RFC 8265's UsernameCasePreserved profile without its Bidi
// Rule: x/text applies that rule to every word that is not ASCII, where the
// RFC applies it only to words written right to left, so "1zoë" and
// "_müller" would be refused. usernameFault applies it as the RFC does.
var username = precis.NewIdentifier(precis.FoldWidth, precis.Norm(norm.NFC))

// usernameFault returns the rule subject breaks as a username of RFC 8265
// (PRECIS UsernameCasePreserved) in words separated by single spaces, or
// "". The profile allows letters and digits of every script and ASCII
// punctuation ("zoë", "李雷", "o'brien@contoso.com"), and refuses what is
// not an identifier: symbols, and compatibility forms that read as other
// letters ("ſ", "𝐬"). A word must be in the profile's normal form (NFC,
// no full-width letters), so two subjects that look the same are the same
// bytes: "Ａｌｉｃｅ" is not a second "Alice".
func usernameFault(subject string) string {
	offset := 0
	for word := range strings.SplitSeq(subject, " ") {
		if word == "" {
			return "must not begin or end with a space, nor hold two in a row"
		}
		if rule := usernameWordFault(word, offset); rule != "" {
			return rule
		}
		offset += len(word) + 1
	}
	return ""
}

// usernameWordFault returns the rule word, at offset in the subject,
// breaks, or "".
func usernameWordFault(word string, offset int) string {
	const rule = "must be letters, digits and ASCII punctuation (an RFC 8265 username)"
	normal, err := username.String(word)
	if err != nil {
		for i, c := range word {
			if _, err := username.String(string(c)); err != nil {
				return fmt.Sprintf("%s: %U at offset %d is not allowed", rule, c, offset+i)
			}
		}
		return rule
	}
	if normal != word {
		return fmt.Sprintf("%s in its normal form (NFC, no full-width letters): write %q", rule, normal)
	}
	if bidirule.DirectionString(word) != bidi.LeftToRight && !bidirule.ValidString(word) {
		return rule + ", each word written right to left keeping the Bidi Rule of RFC 5893"
	}
	return ""
}
