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

// TestPathsAreComparedClean holds the paths that a browser, or a server
// that decodes again, reads as leaving /settings: none is under it.
func TestPathsAreComparedClean(t *testing.T) {
	origins := []string{"https://app.contoso.test/settings"}
	const host = "https://app.contoso.test"
	cases := map[string]bool{
		"/settings/":                  true,
		"/settings/linkedin/":         true,
		"/settings/a%20b?tab=x#top":   true,
		"/settings/100%25":            true, // a percent sign, encoded once
		"/settings/%2573":             true, // "%73" after one decoding, "s" after two
		"/settings/../admin":          false,
		"/settings/..":                false,
		"/settings/%2e%2e/admin":      false,
		"/settings/%2E%2E/admin":      false,
		"/settings/.%2e/admin":        false,
		"/settings/%252e%252e/admin":  false, // decoded twice by a proxy and a server
		"/settings/..%2fadmin":        false,
		"/settings%2f..%2fadmin":      false,
		"/settings/..%5cadmin":        false,
		`/settings\..\admin`:          false,
		`/settings/..\admin`:          false,
		"/settings//../admin":         false,
		"/settings/./linkedin":        false,
		"/settings//linkedin":         false,
		"//settings/linkedin":         false,
		"/settings/%25252525252e":     false, // never settles
		"/admin/../settings":          false,
		"/settings%2e%2e/admin":       false, // "settings..", not the origin's segment
		"/settings/x/%2e%2e/%2e%2e/x": false,
	}
	for p, want := range cases {
		if got := redirect.Allowed(host+p, origins); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", host+p, got, want)
		}
	}
	// An origin written with a trailing slash or dots means its clean path.
	for _, origin := range []string{"https://app.contoso.test/settings/", "https://app.contoso.test/settings/x/.."} {
		if !redirect.Allowed(host+"/settings/linkedin", []string{origin}) || redirect.Allowed(host+"/settings/../admin", []string{origin}) {
			t.Errorf("origin %q: not compared by its clean path", origin)
		}
	}
}
