package redirect_test

import (
	"testing"

	"github.com/liaisonhq/liaison/platform/redirect"
)

const host = "https://app.contoso.test"

var settings = []string{host + "/settings"}

// dotEncodings are the ways a dot may be written in a path, in any case.
var dotEncodings = []string{".", "%2e", "%2E", "%252e", "%252E", "%25252e"}

// TestSegmentsOfDotsOnlyAreRefused writes segments of one to three dots
// with every mix of encodings, alone, before another segment, and followed
// by what servers trim or stop at.
func TestSegmentsOfDotsOnlyAreRefused(t *testing.T) {
	var segments []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		if n == 0 {
			segments = append(segments, prefix)
			return
		}
		for _, dot := range dotEncodings {
			grow(prefix+dot, n-1)
		}
	}
	for n := 1; n <= 3; n++ {
		grow("", n)
	}
	for _, seg := range segments {
		for _, p := range []string{
			"/settings/" + seg, "/settings/" + seg + "/", "/settings/" + seg + "/admin",
			"/settings/" + seg + "%2fadmin", "/settings/" + seg + "%00/admin", "/settings/" + seg + ";/admin",
			"/settings/" + seg + "%3b/admin", "/settings/" + seg + "%20/admin", "/settings/x/" + seg + "/" + seg + "/admin",
		} {
			if redirect.Allowed(host+p, settings) {
				t.Errorf("Allowed(%q) = true, want a segment of dots refused", p)
			}
		}
	}
}

// TestUncleanPathsAreRefused holds the rest of the class: path parameters,
// NUL and control characters, invalid or overlong UTF-8, backslashes,
// invalid percent-encoding, and compatibility characters that read as dots,
// slashes, backslashes or semicolons; each also encoded twice.
func TestUncleanPathsAreRefused(t *testing.T) {
	for _, p := range []string{
		// Path parameters, which Java servers strip before resolving dots.
		"/settings/..;/admin", "/settings/..;x=1/admin", "/settings;/../admin", "/settings;jsessionid=1",
		"/settings/x;y", "/settings/%3b", "/settings/..%3B/admin", "/settings/%253b/admin",
		// NUL and control characters.
		"/settings/%2e%2e%00/admin", "/settings/%00", "/settings/x%00.html", "/settings/%2500/admin",
		"/settings/%0a", "/settings/x%0d%0aSet-Cookie:a=b", "/settings/%09", "/settings/%7f", "/settings/%c2%85",
		// Invalid and overlong UTF-8.
		"/settings/%c0%ae%c0%ae/admin", "/settings/%C0%AE%C0%AE/admin", "/settings/%e0%80%ae%e0%80%ae/admin",
		"/settings/%f0%80%80%ae/admin", "/settings/%c0%af", "/settings/%c1%9c", "/settings/%ff", "/settings/%ed%a0%80",
		"/settings/%25c0%25ae%25c0%25ae/admin",
		// Backslashes.
		"/settings/%5c", "/settings/x%5Cy", "/settings/%255c..%255cadmin", `/settings/x\y`,
		// Invalid percent-encoding, and an escape hidden beside a lone "%".
		"/settings/%zz", "/settings/%2", "/settings/%", "/settings/%u002e%u002e/admin",
		"/settings/%252e%252e/%25zz/admin", "/settings/%25u002e%25u002e/admin", "/settings/%25U002E%25U002E/admin",
		// Empty and blank segments.
		"/settings//admin", "/settings/%20/admin", "/settings/%2f/admin",
		// Compatibility characters: full-width and small dots, dot leaders,
		// full-width solidus, reverse solidus and semicolon, no-break space.
		"/settings/%ef%bc%8e%ef%bc%8e/admin", "/settings/\uFF0E\uFF0E/admin", "/settings/\u2025/admin",
		"/settings/\u2024\u2024/admin", "/settings/\uFE52\uFE52/admin", "/settings\uFF0F..\uFF0Fadmin",
		"/settings/x\uFF3Cy", "/settings/x\uFE54y", "/settings/.\u00A0./admin", "/settings/%25ef%25bc%258e%25ef%25bc%258e/admin",
		// Compatibility characters that spell a percent-escape: a server
		// that normalises before it decodes reads "..".
		"/settings/\uFF05\uFF12\uFF45\uFF05\uFF12\uFF45/admin", "/settings/%EF%B9%AA2e%EF%B9%AA2e/admin",
		// Readings out of the origin's path before decoding.
		"/settings%2fx", "/%73ettings/x",
	} {
		if redirect.Allowed(host+p, settings) {
			t.Errorf("Allowed(%q) = true, want refused", p)
		}
	}
}

// TestCleanPathsStayAllowed: dots inside names, international and
// encoded characters, a literal percent sign, and a query or fragment that
// holds what a path may not.
func TestCleanPathsStayAllowed(t *testing.T) {
	for _, p := range []string{
		"/settings", "/settings/", "/settings/a.b", "/settings/.well-known/x", "/settings/x..y", "/settings/v1.2/",
		"/settings/caf%C3%A9", "/settings/café", "/settings/%E2%9C%93", "/settings/\uFF58", "/settings/100%25",
		"/settings/50%25off", "/settings/a%20b", "/settings?next=..;/admin%00", "/settings#..;",
	} {
		if !redirect.Allowed(host+p, settings) {
			t.Errorf("Allowed(%q) = false, want allowed", p)
		}
	}
}

// TestUncleanPathsAreRefusedUnderAWholeOrigin: an origin without a path
// cannot be left by dots, but an unclean path is no redirect target there
// either.
func TestUncleanPathsAreRefusedUnderAWholeOrigin(t *testing.T) {
	origins := []string{"http://localhost"}
	for _, p := range []string{"/..;/admin", "/%00", "/%c0%ae%c0%ae/x", `/x\y`, "/.../x", "//evil.example/x"} {
		if redirect.Allowed("http://localhost:8080"+p, origins) {
			t.Errorf("Allowed(%q) = true, want refused", p)
		}
	}
	if !redirect.Allowed("http://localhost:8080/done?x=1", origins) {
		t.Error("a clean path under a whole origin was refused")
	}
}
