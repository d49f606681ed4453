package auth

import (
	"strings"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// reservedSubject reports a subject that reads as a service or the system:
// the audit log names the actor by subject, so a user called
// "service:consent" would pass for the consent service. What counts is
// what a reader sees, so the comparison is on readingOf both sides.
func reservedSubject(subject string) bool {
	s := readingOf(subject)
	return s == reservedReadings.system || s == reservedReadings.service || strings.HasPrefix(s, reservedReadings.servicePrefix)
}

// reservedReadings are the readings of the reserved names.
var reservedReadings = struct{ system, service, servicePrefix string }{
	readingOf(SystemActor), readingOf("service"), readingOf(servicePrefix),
}

// readingOf is subject as a reader may take it: compatibility forms as the
// letters they stand for (NFKC: "ｓｙｓｔｅｍ", "𝐬𝐲𝐬𝐭𝐞𝐦"), case folded in
// full (so "ſ" is "s"), then the skeleton of Unicode's confusables (UTS
// #39: "ʂ", "ŧ", "ɱ", "m" as "rn"), with letters of other scripts that
// look like Latin ones taken as those before and after it (lookalikeOf:
// Cyrillic "ѕ", dotless "ı", which the skeleton leaves), accents dropped,
// and white space around it ignored.
func readingOf(subject string) string {
	s := norm.NFKC.String(subject)
	s = strings.Map(lookalikeOf, s)
	// A Caser keeps state: one per call, as verifiers run concurrently.
	s = cases.Fold().String(s)
	s = confusables.Skeleton(s)
	s = cases.Fold().String(s)
	s = strings.Map(lookalikeOf, norm.NFD.String(s))
	s = strings.Map(dropMark, s)
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
