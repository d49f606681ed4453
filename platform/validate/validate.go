// Package validate checks request fields and reports every broken rule at
// once as an InvalidArgument error that names the field and the rule.
package validate

import (
	"fmt"
	"regexp"

	"github.com/liaisonhq/liaison/platform/apierror"
)

// Report collects the violations of one request.
type Report struct {
	violations []apierror.FieldViolation
	dropped    int
}

// maxViolations bounds the violations an error lists, so a request with
// a thousand bad items gets a short answer rather than a huge one.
const maxViolations = 20

// Add records that field breaks rule.
func (r *Report) Add(field, rule string) {
	if len(r.violations) == maxViolations {
		r.dropped++
		return
	}
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

// Count records a violation when a repeated field holds more than max
// items; what names them, e.g. "phone numbers".
func (r *Report) Count(field string, n, max int, what string) bool {
	if n > max {
		r.Add(field, fmt.Sprintf("must hold at most %d %s", max, what))
		return false
	}
	return true
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
	err := apierror.InvalidArgument(r.violations...)
	if r.dropped > 0 {
		err.Message += fmt.Sprintf("; and %d more", r.dropped)
	}
	return err
}
