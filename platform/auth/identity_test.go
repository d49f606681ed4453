package auth_test

import (
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
)

// TestSubjectsThatReadAsReservedAreRefused holds subjects that an audit
// log would show as "system" or a service: look-alike, full-width,
// compatibility and case-folded letters, and white space around them.
func TestSubjectsThatReadAsReservedAreRefused(t *testing.T) {
	for _, subject := range []string{
		"system", "SYSTEM", "System", "service", "Service", "service:", "service:consent", "SERVICE:Consent",
		"\u017Fystem", "\u017Fy\u017Ftem", // long s, which case-folds to s
		"\uFF53\uFF59\uFF53\uFF54\uFF45\uFF4D", "\uFF33\uFF39\uFF33\uFF34\uFF25\uFF2D", // full-width
		"\U0001D42C\U0001D432\U0001D42C\U0001D42D\U0001D41E\U0001D426",                      // mathematical bold
		"\u24E2\u24E8\u24E2\u24E3\u24D4\u24DC",                                              // circled
		"\u0455\u0443\u0455\u0442\u0435\u043C", "s\u0443stem", "\u0455ystem", "syst\u0435m", // Cyrillic
		"\uA731ystem", "sys\u03C4em", "\u13DAYSTEM", "SYS\u0422EM", "SYSTE\u041C", // small capital, Greek, Cherokee, Cyrillic capitals
		"serv\u0131ce:consent", "serv\u0130ce:consent", "serv\u0456ce:consent", "servi\u0441e:consent", // dotless, dotted capital, Cyrillic
		"\u0455\u0435r\u0475\u0456\u0441\u0435:consent",
		"service\uFF1Aconsent", "service\u2236consent", "service\uA789consent", "service\u02D0consent", "service\u0589consent", // colons
		"\uFF53\uFF45\uFF52\uFF56\uFF49\uFF43\uFF45:consent",
		"s\u00FDstem", "syste\u0301m", "s\u00E9rvice:x", // accents
		"systern", "serv1ce:consent", "servlce:consent", // ASCII look-alikes
		"system\u0301",
		"\u0282ystem", "\u023Fystem", "sys\u0167em", "sys\u01ADem", "syste\u0271", // hook, swash tail, stroke, hook, hook
		"\u0455\u0443\u0455\u0442\u0454\u043C", "se\u0280vice:x", // Cyrillic with Ukrainian ie, small capital R
	} {
		rule := auth.UserSubjectFault(subject)
		if rule == "" {
			t.Errorf("UserSubjectFault(%q) = \"\", want it refused as reading like a reserved name", subject)
		}
	}
	// The reserved names themselves say which rule they break.
	for _, subject := range []string{"system", "ѕystem", "service:consent", "service\uFF1Aconsent"} {
		if rule := auth.UserSubjectFault(subject); !strings.Contains(rule, `"system"`) || !strings.Contains(rule, `"service:"`) {
			t.Errorf("UserSubjectFault(%q) = %q, want the reserved names named", subject, rule)
		}
	}
}

// TestSubjectsWithInvisibleCharactersAreRefused holds subjects that look
// like another (or like a reserved name) on screen but differ by characters
// nobody sees; the error names the character.
func TestSubjectsWithInvisibleCharactersAreRefused(t *testing.T) {
	for subject, char := range map[string]string{
		"system\u200B":    "U+200B",  // zero-width space
		"sys\u00ADtem":    "U+00AD",  // soft hyphen
		"al\u200Cice":     "U+200C",  // zero-width non-joiner
		"al\u200Dice":     "U+200D",  // zero-width joiner
		"alice\u2060":     "U+2060",  // word joiner
		"\uFEFFalice":     "U+FEFF",  // byte order mark
		"ali\u180Ece":     "U+180E",  // Mongolian vowel separator
		"alice\u061C":     "U+061C",  // Arabic letter mark
		"alice\u200E":     "U+200E",  // left-to-right mark
		"sys\u034Ftem":    "U+034F",  // combining grapheme joiner
		"alice\uFE0F":     "U+FE0F",  // variation selector
		"alice\U000E0061": "U+E0061", // tag letter
		"alice\u3164":     "U+3164",  // Hangul filler
		"alice\u115F":     "U+115F",  // Hangul choseong filler
		"alice\u2800":     "U+2800",  // Braille pattern blank
		"system\u00A0":    "U+00A0",  // no-break space
		"\u3000system":    "U+3000",  // ideographic space
		"ali\u2009ce":     "U+2009",  // thin space
		"service:\u2062x": "U+2062",  // invisible times
		"alice\U0001D173": "U+1D173", // musical symbol begin beam
		"ali\u17B4ce":     "U+17B4",  // Khmer vowel inherent
	} {
		rule := auth.UserSubjectFault(subject)
		if !strings.Contains(rule, "invisible") || !strings.Contains(rule, char) {
			t.Errorf("UserSubjectFault(%q) = %q, want invisible %s named", subject, rule, char)
		}
	}
}

// TestSubjectsThatAreNoTextOrNoUsernameAreRefused covers control
// characters, broken UTF-8, symbols and stray spaces.
func TestSubjectsThatAreNoTextOrNoUsernameAreRefused(t *testing.T) {
	for subject, want := range map[string]string{
		"":                              "1 to 128 characters",
		strings.Repeat("a", 129):        "1 to 128 characters",
		"al\x00ice":                     "control characters",
		"alice\n":                       "control characters",
		"sys\u0085tem":                  "control characters",
		"al\xffice":                     "valid UTF-8",
		"\u202Esystem":                  "bidirectional overrides",
		" alice":                        "space",
		"alice ":                        "space",
		"mary  smith":                   "space",
		"al\u2603ice":                   "U+2603",  // snowman
		"\u2135lice":                    "U+2135",  // alef symbol
		"\U0001D41Alice":                "U+1D41A", // mathematical bold a, outside a reserved name
		"\u2168":                        "U+2168",  // Roman numeral nine
		"user-\u05E9\u05DC\u05D5\u05DD": "Bidi Rule",
		"zoe\u0308":                     `normal form (NFC, no full-width letters): write "zoë"`,
		"\uFF21lice":                    `write "Alice"`,
	} {
		if rule := auth.UserSubjectFault(subject); !strings.Contains(rule, want) {
			t.Errorf("UserSubjectFault(%q) = %q, want a rule naming %q", subject, rule, want)
		}
	}
}

// TestInternationalSubjectsAreAccepted: the rules refuse what misleads a
// reader, not names in other scripts.
func TestInternationalSubjectsAreAccepted(t *testing.T) {
	for _, subject := range []string{
		"alice", "zoë", "Ярослав", "李雷", "o'brien@contoso.com", "Mary Smith", "José Ángel",
		"Δημήτρης", "محمد", "שלום", "नमस्ते", "김민준", "さくら", "auth0|5f7c8ec7c33c6c004bbafe82",
		"00u1abcd2EFGH3ijk4x5", "systems", "system-admin", "servicedesk", "my-service:x", "ops",
		// Words not written right to left start and end as they like (the
		// Bidi Rule is for right-to-left words only).
		"1zoë", "2024-josé", "_müller", "müller_", "zoë.", "Zoë!", "(zoë)", "محمد1",
		strings.Repeat("я", 128),
	} {
		if rule := auth.UserSubjectFault(subject); rule != "" {
			t.Errorf("UserSubjectFault(%q) = %q, want accepted", subject, rule)
		}
	}
}

func TestTenantRules(t *testing.T) {
	for tenant, want := range map[string]string{
		"contoso\u200B":          "U+200B",
		"con\u00ADtoso":          "U+00AD",
		"\uFEFFcontoso":          "U+FEFF",
		"contoso\u00A0":          "U+00A0",
		"t\x00":                  "control characters",
		strings.Repeat("t", 129): "at most 128 characters",
	} {
		if rule := auth.TenantFault(tenant); !strings.Contains(rule, want) {
			t.Errorf("TenantFault(%q) = %q, want a rule naming %q", tenant, rule, want)
		}
	}
	for _, tenant := range []string{"", "contoso", "fabrikam-eu", "李雷公司", "Contoso Ltd"} {
		if rule := auth.TenantFault(tenant); rule != "" {
			t.Errorf("TenantFault(%q) = %q, want accepted", tenant, rule)
		}
	}
}
