package validate_test

import (
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/validate"
)

func TestEmail(t *testing.T) {
	local := strings.Repeat("a", 64)
	long := local + "@" + strings.Repeat("b", 185) + ".com" // 254 characters
	runRule(t, []ruleCase{
		{"", ""}, // optional here; Required says when it is not
		{"alice@contoso.com", ""},
		{"jörg@bücher.example", ""},
		{long, ""},
		{long + "x", "at most 254 characters"},
		{"not-an-address", "email address"},
		{"Alice <alice@contoso.com>", "email address"},
		{`"a b"@contoso.com`, "email address"},
		{"a\x00b@contoso.com", "email address"},
		{"alice@contoso.com\u0085", "email address"},
		{"alice@con\u2028toso.com", "email address"},
	}, func(r *validate.Report, v string) { r.Email("email", v) })
}

func TestPhone(t *testing.T) {
	runRule(t, []ruleCase{
		{"", "is required"},
		{"+1 425 555 0100", ""},
		{"+44 (0)20 7946 0958", ""},
		{"425.555.0100", ""},
		{"+1 425 555 0100 x123", ""},
		{"+1 425 555 0100 ext. 42", ""},
		{"0800-123456", ""},
		{strings.Repeat("1", 32), ""},
		{strings.Repeat("1", 33), "at most 32 characters"},
		{"call me", "digits, spaces"},
		{"()", "digits, spaces"},
		{"+1 425\x00555", "digits, spaces"},
		{"١٢٣", "digits, spaces"}, // Arabic-Indic digits are not dialled
	}, func(r *validate.Report, v string) { r.Phone("number", v) })
}

func TestURL(t *testing.T) {
	runRule(t, []ruleCase{
		{"", "is required"},
		{"https://app.contoso.com/settings?tab=linkedin#top", ""},
		{"http://localhost:8080/done", ""},
		{"https://app.contoso.com/caf%C3%A9", ""},
		{"https://app.contoso.com/" + strings.Repeat("a", 41), "at most 64 characters"},
		{"https://app.contoso.com/café", "printable ASCII"},
		{"https://app.contoso.com/a b", "printable ASCII"},
		{"https://app.contoso.com/\x00", "printable ASCII"},
		{"https://app.contoso.com/\x7f", "printable ASCII"},
		{"javascript:alert(1)", "http or https"},
		{"/relative/path", "http or https"},
		{"https:///no-host", "http or https"},
		{"http://[::1", "http or https"},
	}, func(r *validate.Report, v string) { r.URL("redirect_uri", v, 64) })
}

func TestASCII(t *testing.T) {
	runRule(t, []ruleCase{
		{"", ""},
		{"AQT9-x_y.z~", ""},
		{"with space", ""},
		{strings.Repeat("a", 17), "at most 16 characters"},
		{"nul\x00", "printable ASCII"},
		{"tab\t", "printable ASCII"},
		{"é", "printable ASCII"},
	}, func(r *validate.Report, v string) { r.ASCII("state", v, 16) })
}
