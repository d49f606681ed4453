package server

import (
	"net/http"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// A string escape that is half of a UTF-16 surrogate pair decodes to no
// character: it answered "proto: unexpected EOF" naming the body. A key
// that is not UTF-8 was named with U+FFFD, which is not what the client
// sent. Both now name the field and the rule.
func TestBodyTextThatIsNotUnicodeNamesTheField(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	for body, want := range map[string]string{
		`{"id": "x", "displayName": "\ud800"}`:         "displayName",
		`{"id": "x", "displayName": "a\udfffb"}`:       "displayName",
		`{"id": "x", "displayName": "\ud800\u0041"}`:   "displayName",
		`{"id": "x", "labels": {"k": "\ud83d"}}`:       "labels.k",
		`{"id": "x", "\ud800": "a"}`:                   `\ud800`,
		"{\"id\": \"x\", \"display\xffName\": \"a\"}":  `display\xffName`,
		"{\"id\": \"x\", \"\xc3\": \"a\"}":             `\xc3`,
		"{\"id\": \"x\", \"a\": [{\"b\xfe\": 1}]}":     `a[0].b\xfe`,
		`{"id": "x", "displayName": ["ok", "\udc00"]}`: "displayName[1]",
	} {
		resp, answer := apitest.Do(t, "POST", gw.URL+"/v1/tenants", body, nil)
		_, reason, field := apitest.ParseError(t, answer)
		if resp.StatusCode != http.StatusBadRequest || reason != "FIELD_INVALID" || field != want {
			t.Errorf("%q: status %d, field %q; want 400 naming %s (answer %s)", body, resp.StatusCode, field, want, answer)
		}
	}
	// A whole surrogate pair, and an escaped backslash before a u, are text.
	for _, body := range []string{`{"id": "x", "displayName": "\ud83d\ude00"}`, `{"id": "x", "displayName": "\\ud800"}`} {
		if resp, answer := apitest.Do(t, "POST", gw.URL+"/v1/tenants", body, nil); resp.StatusCode == http.StatusBadRequest {
			t.Errorf("%s: refused: %s", body, answer)
		}
	}
}
