// Package validate checks request fields and reports every broken rule at
// once as an InvalidArgument error that names the field and the rule.
package validate

import (
	"fmt"
	"net/mail"
	"regexp"

	"github.com/liaisonhq/liaison/platform/apierror"
)

// Report collects the violations of one request.
type Report struct {
	violations []apierror.FieldViolation
}

// Add records that field breaks rule.
func (r *Report) Add(field, rule string) {
	r.violations = append(r.violations, apierror.FieldViolation{Field: field, Rule: rule})
}

// Check records rule for field when ok is false.
func (r *Report) Check(ok bool, field, rule string) {
	if !ok {
		r.Add(field, rule)
	}
}

// Required records a violation when value is empty.
func (r *Report) Required(field, value string) bool {
	if value == "" {
		r.Add(field, "is required")
		return false
	}
	return true
}

// Pattern records a violation when a non-empty value does not match re;
// describe says in words what is expected.
func (r *Report) Pattern(field, value string, re *regexp.Regexp, describe string) {
	if value != "" && !re.MatchString(value) {
		r.Add(field, "must be "+describe)
	}
}

// ID checks a required identifier against re.
func (r *Report) ID(field, value string, re *regexp.Regexp, describe string) {
	if r.Required(field, value) {
		r.Pattern(field, value, re, describe)
	}
}

// MaxLen records a violation when value is longer than n bytes.
func (r *Report) MaxLen(field, value string, n int) {
	if len(value) > n {
		r.Add(field, fmt.Sprintf("must be at most %d characters", n))
	}
}

// Email records a violation when a non-empty value is not a plain address.
func (r *Report) Email(field, value string) {
	if value == "" {
		return
	}
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Address != value {
		r.Add(field, "must be an email address such as alice@contoso.com")
	}
}

// PageSize checks a page size: 0 (the default) or 1 to max.
func (r *Report) PageSize(field string, value int32, max int32) {
	if value < 0 || value > max {
		r.Add(field, fmt.Sprintf("must be between 0 and %d", max))
	}
}

// Err is nil when nothing was recorded, else the InvalidArgument error.
func (r *Report) Err() error {
	if len(r.violations) == 0 {
		return nil
	}
	return apierror.InvalidArgument(r.violations...)
}
