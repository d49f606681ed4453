package validate

import (
	"net/mail"
	"net/url"
	"regexp"
)

// Addresses people and browsers are reached at, each with its own alphabet.
const (
	// MaxEmailLength is SMTP's limit on a forward path (RFC 5321, 4.5.3.1).
	MaxEmailLength = 254
	// MaxPhoneLength is the longest phone number a directory keeps; E.164
	// allows 15 digits, the rest is room for spaces and an extension.
	MaxPhoneLength = 32
)

var phoneNumber = regexp.MustCompile(`^\+?[0-9 ().-]*[0-9][0-9 ().-]*(?: ?(?:x|ext\.?) ?[0-9]{1,8})?$`)

// Email records a violation when a non-empty value is not a plain address
// such as alice@contoso.com: no display name, no comment, no quoting.
func (r *Report) Email(field, value string) {
	if value == "" || !r.MaxLen(field, value, MaxEmailLength) {
		return
	}
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Address != value || !IsText(value) {
		r.Add(field, "must be an email address such as alice@contoso.com")
	}
}

// Phone checks a required phone number as dialled.
func (r *Report) Phone(field, value string) {
	if !r.Required(field, value) || !r.MaxLen(field, value, MaxPhoneLength) {
		return
	}
	r.Check(phoneNumber.MatchString(value), field,
		`must be digits, spaces and + ( ) - . such as "+1 425 555 0100", with an optional extension such as "x123"`)
}

// URL checks a required absolute http(s) URL of at most max characters. A
// URL travels in headers and query strings, so it must be printable ASCII,
// with anything else percent-encoded.
func (r *Report) URL(field, value string, max int) {
	if !r.Required(field, value) || !r.MaxLen(field, value, max) {
		return
	}
	if !isASCII(value, '!') {
		r.Add(field, "must be printable ASCII without spaces: percent-encode other characters")
		return
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.Add(field, "must be an absolute http or https URL")
	}
}

// ASCII checks an optional token of printable ASCII (spaces included) of
// at most max characters, such as OAuth's codes and states.
func (r *Report) ASCII(field, value string, max int) {
	if value != "" && r.MaxLen(field, value, max) && !isASCII(value, ' ') {
		r.Add(field, "must be printable ASCII")
	}
}

// isASCII reports whether every byte of value lies between low and '~'.
func isASCII(value string, low byte) bool {
	for i := 0; i < len(value); i++ {
		if value[i] < low || value[i] > '~' {
			return false
		}
	}
	return true
}
