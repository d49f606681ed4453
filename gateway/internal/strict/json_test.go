package strict

import (
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// field is the field a check's error names, or "" for no error.
func field(err error) string {
	if err == nil {
		return ""
	}
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			return br.GetFieldViolations()[0].GetField()
		}
	}
	return "?"
}

func TestBadUTF8InTheBodyNamesItsField(t *testing.T) {
	for body, want := range map[string]string{
		`{"displayName": "ok"}`:                                       "",
		"{\"displayName\": \"bad\xff\"}":                              "displayName",
		"{\"a\": 1, \"phones\": [{\"n\": \"1\"}, {\"n\": \"\xc3\"}]}": "phones[1].n",
		"{\"a\": {\"b\": [1, 2, \"\xff\"]}}":                          "a.b[2]",
		"{\"ok\": 1, \"bad\xffkey\": 1}":                              "bad\ufffdkey",
		"\"\xff\"":                                                    "body",
		"[\"x\", \"\xff\"]":                                           "[1]",
		`{"nested": {"x": "é"}, "after": "ü"}`:                        "",
	} {
		if got := field(checkJSON([]byte(body))); got != want {
			t.Errorf("%q: field %q, want %q", body, got, want)
		}
	}
}

func TestDataAfterTheBodyIsRefused(t *testing.T) {
	for body, want := range map[string]string{
		`{"id": "a"}`:            "",
		"{\"id\": \"a\"}\n  \t":  "",
		`{"id": "a"}{"id": "b"}`: "body",
		`{"id": "a"} trailing`:   "body",
		`{"id": "a"}]`:           "body",
		`   `:                    "",
		`{"id": `:                "", // a syntax error: the decoder names it
	} {
		if got := field(checkJSON([]byte(body))); got != want {
			t.Errorf("%q: field %q, want %q", body, got, want)
		}
	}
}
