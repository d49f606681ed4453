package redirect_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/redirect"
)

func TestAllowed(t *testing.T) {
	origins := []string{"http://localhost", "https://app.contoso.test:8443/settings"}
	cases := map[string]bool{
		"http://localhost/done":                           true,
		"http://localhost:8080/done?x=1":                  true,
		"http://LOCALHOST:3000":                           true,
		"https://app.contoso.test:8443/settings":          true,
		"https://app.contoso.test:8443/settings/linkedin": true,
		"http://localhost:x@evil.example/":                false,
		"http://localhost@evil.example/":                  false,
		"http://localhost.evil.example/":                  false,
		"https://localhost/done":                          false, // other scheme
		"https://app.contoso.test/settings":               false, // other port
		"https://app.contoso.test:8443/settingsx":         false,
		"https://app.contoso.test:8443/other":             false,
		"javascript:alert(1)":                             false,
		"/relative":                                       false,
		"":                                                false,
		"http:localhost/done":                             false,
	}
	for raw, want := range cases {
		if got := redirect.Allowed(raw, origins); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", raw, got, want)
		}
	}
}
