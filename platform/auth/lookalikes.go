package auth

// lookalikes lists, for each character of the reserved names ("system",
// "service:"), the characters of other scripts that look like it in common
// fonts, from Unicode's confusables (UTS #39) and the letters that merely
// lack a dot or a stroke. Compatibility forms (full-width, mathematical,
// Roman numerals) are not here: NFKC maps them first. A user whose subject
// merely resembles a reserved name is refused; nobody needs one.
var lookalikes = map[rune]string{
	// Cyrillic, Latin small capitals and tone letters, Cherokee, Armenian,
	// Lisu, Lycian, s with swash tail.
	's': "\u0455\u0405\u01BD\uA731\uABAA\u13DA\u13D5\u054F\uA4E2\U00010296\u023F\u2C7E",
	// Cyrillic u and straight u, Greek gamma and upsilon, Latin gamma and
	// small capital Y, Georgian qar, Cherokee, Coptic, Lisu.
	'y': "\u0443\u0423\u04AF\u04AE\u03B3\u03A5\u0263\u028F\u10E7\u1EFF\u1D8C\u13A9\u13BD\u2CA8\uA4EC\uAB5A",
	// Greek tau, Cyrillic te, Cherokee, Coptic, Lisu, Lycian.
	't': "\u03A4\u03C4\u0422\u0442\u13A2\u2CA6\uA4D4\U00010297",
	// Cyrillic ie and Ukrainian ie, Greek epsilon, Cherokee, Tifinagh,
	// Lisu, blackletter e, Lycian.
	'e': "\u0435\u0415\u0454\u0404\u04BD\u0395\u03B5\u13AC\u2D39\uA4F0\uAB32\U00010286",
	// Cyrillic em, Greek mu and san, Cherokee, Canadian syllabics, runic,
	// Coptic, Lisu.
	'm': "\u041C\u043C\u039C\u03FA\u13B7\u15F0\u16D6\u2C98\uA4DF",
	// Cyrillic ghe, Greek small capital gamma, Coptic, Latin r variants, yr,
	// Cherokee, Canadian syllabics, Lisu, Latin small capital R.
	'r': "\u0433\u1D26\u2C85\uAB47\uAB48\uAB81\u01A6\u13A1\u13D2\u1587\uA4E3\u0280",
	// Greek nu, Cyrillic izhitsa, Hebrew tet, Arabic seven, Canadian
	// syllabics, Cherokee, small capital V, Tifinagh, Lisu, Bamum.
	'v': "\u03BD\u0475\u0474\u05D8\u0667\u06F7\u142F\u13D9\u1D20\u2D38\uA4E6\uA6DF\uABA9",
	// Dotless and small capital i, iotas, Cyrillic i and palochka, and what
	// reads as a capital I or l: ASCII l, 1 and |, Hebrew vav and final nun,
	// Arabic alef and one, NKo a, runic isaz, Coptic, Tifinagh, Lisu,
	// Lycian, Latin dental click.
	'i': "\u0131\u0269\u026A\u03B9\u0399\u0456\u0406\u04CF\u04C0\u13A5\uA647\uAB75\u0196\u01C0" +
		"l1|\u05D5\u05DF\u0627\u0661\u06F1\u07CA\u16C1\u2C92\u2D4F\uA4F2\U0001028A",
	// Cyrillic es, Greek lunate sigma, small capital C, Cherokee, Coptic,
	// Lisu.
	'c': "\u0441\u0421\u03F2\u03F9\u1D04\u13DF\u2CA5\u2CA4\uA4DA\uABAF",
	// Armenian full stop, Hebrew sof pasuq, Syriac colons, visargas, runic
	// and Mongolian punctuation, two dot punctuation, ratio, Lisu tone,
	// modifier colons, vertical two dot leader.
	':': "\u0589\u05C3\u0703\u0704\u0903\u0A83\u16EC\u1803\u1809\u205A\u2236\uA4FD\uA789\u02D0\u02F8\uFE30",
}

// passesFor maps each look-alike to the character it passes for.
var passesFor = func() map[rune]rune {
	m := map[rune]rune{}
	for letter, chars := range lookalikes {
		for _, c := range chars {
			m[c] = letter
		}
	}
	return m
}()

// lookalikeOf is the character c passes for, or c.
func lookalikeOf(c rune) rune {
	if letter, ok := passesFor[c]; ok {
		return letter
	}
	return c
}
