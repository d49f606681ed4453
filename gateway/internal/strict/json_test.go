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
		"{\"ok\": 1, \"bad\xffkey\": 1}":                              `bad\xffkey`,
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

func TestLoneSurrogatesInTheBodyNameTheirField(t *testing.T) {
	for body, want := range map[string]string{
		`{"a": "\ud83d\ude00"}`:                "", // a whole pair
		`{"a": "\\ud800"}`:                     "", // an escaped backslash, then text
		`{"a": "x\\\ud800"}`:                   "a",
		`{"a": "\ud800"}`:                      "a",
		`{"a": "\uDBFF"}`:                      "a",
		`{"a": "\udc00\ud800"}`:                "a", // the halves the wrong way round
		`{"a": "\ud800\u0041"}`:                "a",
		`{"a": "\ud800x"}`:                     "a",
		`{"a": {"\ud800": 1}}`:                 `a.\ud800`,
		`{"a": [1, "\ud83d\ude00", "\ude00"]}`: "a[2]",
		`"\ud800"`:                             "body",
	} {
		if got := field(checkJSON([]byte(body))); got != want {
			t.Errorf("%s: field %q, want %q", body, got, want)
		}
	}
}
