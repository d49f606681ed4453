package auth

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// reservedSubject reports a subject that reads as a service or the system:
// the audit log names the actor by subject, so a user called
// "service:consent" would pass for the consent service. What counts is
// what a reader sees, so the comparison is on readingOf(subject).
func reservedSubject(subject string) bool {
	s := readingOf(subject)
	return s == SystemActor || s == "service" || strings.HasPrefix(s, servicePrefix)
}

// readingOf is subject as a reader may take it, for comparing with the
// ASCII reserved names: compatibility forms as the letters they stand for
// (NFKC: "ｓｙｓｔｅｍ", "𝐬𝐲𝐬𝐭𝐞𝐦"), case folded in full (so "ſ" is "s"),
// letters of other scripts that look like Latin ones as those
// (lookalikeOf: Cyrillic "ѕ", dotless "ı"), accents dropped, "rn" as the
// "m" it resembles, and white space around it ignored.
func readingOf(subject string) string {
	s := norm.NFKC.String(subject)
	s = strings.Map(lookalikeOf, s)
	// A Caser keeps state: one per call, as verifiers run concurrently.
	s = cases.Fold().String(s)
	s = strings.Map(lookalikeOf, norm.NFD.String(s))
	s = strings.Map(dropMark, s)
	s = strings.ReplaceAll(s, "rn", "m")
	return strings.TrimFunc(s, unicode.IsSpace)
}

// dropMark removes the combining marks that accents are written with once
// text is decomposed: "sÿstem" still reads as "system".
func dropMark(c rune) rune {
	if unicode.In(c, unicode.Mn, unicode.Me) {
		return -1
	}
	return c
}
