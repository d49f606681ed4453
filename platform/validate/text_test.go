package validate_test

import (
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/validate"
)

// violations runs check on a fresh report and returns the rules it broke.
func violations(check func(*validate.Report)) []string {
	var r validate.Report
	check(&r)
	err, _ := r.Err().(*apierror.Error)
	if err == nil {
		return nil
	}
	var rules []string
	for _, v := range err.Violations {
		rules = append(rules, v.Field+" "+v.Rule)
	}
	return rules
}

// ruleCase is a value and the words its refusal must contain, "" for none.
type ruleCase struct {
	value string
	want  string
}

func runRule(t *testing.T, cases []ruleCase, check func(*validate.Report, string)) {
	t.Helper()
	for _, c := range cases {
		got := violations(func(r *validate.Report) { check(r, c.value) })
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%q refused: %q", c.value, got)
		case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
			t.Errorf("%q: got %q, want one violation containing %q", c.value, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	runRule(t, []ruleCase{
		{"", ""},
		{"Alice Martin", ""},
		{"Zoë Ødegård-Łukasiewicz", ""},
		{"山田 太郎", ""},
		{"أحمد\u200f", ""},            // a right-to-left mark is part of writing Arabic
		{"👩🏽‍💻 team", ""},             // an emoji sequence joined by ZWJ
		{strings.Repeat("界", 32), ""}, // 32 characters, 96 bytes
		{strings.Repeat("界", 33), "at most 32 characters"},
		{"a\x00b", "U+0000 at offset 1"}, // PostgreSQL cannot store it
		{"tab\there", "control characters"},
		{"two\nlines", "control characters"},
		{"del\x7f", "control characters"},
		{"c1\u0085", "control characters"},
		{"sep\u2028", "line breaks"},
		{"adm\u202eni", "bidirectional overrides"},
		{"iso\u2066late", "bidirectional overrides"},
		{"bad\xffutf8", "valid UTF-8"},
		{"\ufffd written as such", ""},
	}, func(r *validate.Report, v string) { r.Text("name", v, 32) })
}

func TestRequiredText(t *testing.T) {
	runRule(t, []ruleCase{
		{"", "is required"},
		{"x", ""},
		{"\x01", "control characters"},
	}, func(r *validate.Report, v string) { r.RequiredText("name", v, 8) })
}

func TestCount(t *testing.T) {
	for n, want := range map[int]bool{0: true, 10: true, 11: false} {
		var r validate.Report
		if got := r.Count("phones", n, 10, "phone numbers"); got != want {
			t.Errorf("Count(%d) = %v, want %v", n, got, want)
		}
		if !want && !strings.Contains(r.Err().Error(), "phones must hold at most 10 phone numbers") {
			t.Errorf("Count(%d) says %v", n, r.Err())
		}
	}
}

func TestReportListsAtMostTwentyViolations(t *testing.T) {
	var r validate.Report
	for range 1000 {
		r.Add("users", "must be an id")
	}
	err := r.Err().(*apierror.Error)
	if len(err.Violations) != 20 || !strings.HasSuffix(err.Message, "; and 980 more") {
		t.Fatalf("%d violations, message %q", len(err.Violations), err.Message)
	}
}
