package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
)

// errorDomain is the ErrorInfo domain of every Liaison error.
const errorDomain = "liaison.dev"

// Detail type URLs in an error body.
const (
	errorInfoType  = "type.googleapis.com/google.rpc.ErrorInfo"
	badRequestType = "type.googleapis.com/google.rpc.BadRequest"
)

// apiError is the error a request must fail with, as the contract states
// it: the HTTP status, the gRPC code in the body, the ErrorInfo reason and,
// for a bad field, the field the BadRequest detail names.
type apiError struct {
	status int
	code   codes.Code
	reason string // an ErrorReason name, e.g. "FIELD_INVALID"
	field  string // a field path, e.g. "user.email"; only for InvalidArgument
	// metadata are entries the ErrorInfo's metadata must hold, e.g.
	// access_reason for a POLICY_DENIED refusal.
	metadata map[string]string
}

// errorBody is google.rpc.Status as the gateway writes it in JSON.
type errorBody struct {
	Code    codes.Code `json:"code"`
	Message string     `json:"message"`
	Details []struct {
		Type            string            `json:"@type"`
		Reason          string            `json:"reason"`
		Domain          string            `json:"domain"`
		Metadata        map[string]string `json:"metadata"`
		FieldViolations []struct {
			Field       string `json:"field"`
			Description string `json:"description"`
		} `json:"fieldViolations"`
	} `json:"details"`
}

// fails makes a request that must fail with want, checking the status and
// every part of the error body want names.
func (c caller) fails(t *testing.T, method, path string, body any, want apiError) errorBody {
	t.Helper()
	resp := c.send(t, method, path, body)
	where := method + " " + path + " as " + c.name
	if resp.status != want.status {
		t.Fatalf("%s: status %d, want %d %s; body: %s", where, resp.status, want.status, http.StatusText(want.status), resp.body)
	}
	var got errorBody
	if err := json.Unmarshal(resp.body, &got); err != nil {
		t.Fatalf("%s: error body is not a google.rpc.Status in JSON (%v): %s", where, err, resp.body)
	}
	if got.Code != want.code {
		t.Errorf("%s: code %d (%s), want %d (%s); body: %s", where, got.Code, got.Code, want.code, want.code, resp.body)
	}
	if strings.TrimSpace(got.Message) == "" {
		t.Errorf("%s: error has no message; body: %s", where, resp.body)
	}
	if want.reason != "" {
		if reason, domain := got.errorInfo(); reason != want.reason || domain != errorDomain {
			t.Errorf("%s: ErrorInfo reason %q domain %q, want %q %q; body: %s", where, reason, domain, want.reason, errorDomain, resp.body)
		}
	}
	for k, v := range want.metadata {
		if have := got.errorMetadata()[k]; have != v {
			t.Errorf("%s: ErrorInfo metadata %s = %q, want %q; body: %s", where, k, have, v, resp.body)
		}
	}
	if want.field != "" && !slices.Contains(got.badFields(), want.field) {
		t.Errorf("%s: BadRequest names fields %q, want it to name %q; body: %s", where, got.badFields(), want.field, resp.body)
	}
	return got
}

// errorInfo returns the reason and domain of the body's ErrorInfo detail,
// or empty strings when it has none.
func (e errorBody) errorInfo() (reason, domain string) {
	for _, d := range e.Details {
		if d.Type == errorInfoType {
			return d.Reason, d.Domain
		}
	}
	return "", ""
}

// errorMetadata returns the metadata of the body's ErrorInfo detail.
func (e errorBody) errorMetadata() map[string]string {
	for _, d := range e.Details {
		if d.Type == errorInfoType {
			return d.Metadata
		}
	}
	return nil
}

// badFields returns the fields the body's BadRequest detail names.
func (e errorBody) badFields() []string {
	var fields []string
	for _, d := range e.Details {
		if d.Type == badRequestType {
			for _, v := range d.FieldViolations {
				fields = append(fields, v.Field)
			}
		}
	}
	return fields
}

// The errors of the contract, by kind. A test names the field or reason
// that applies, e.g. invalidField("user.email").
func invalidField(field string) apiError {
	return apiError{status: http.StatusBadRequest, code: codes.InvalidArgument, reason: "FIELD_INVALID", field: field}
}

var (
	notFound        = apiError{status: http.StatusNotFound, code: codes.NotFound, reason: "RESOURCE_NOT_FOUND"}
	alreadyExists   = apiError{status: http.StatusConflict, code: codes.AlreadyExists, reason: "RESOURCE_ALREADY_EXISTS"}
	etagMismatch    = apiError{status: http.StatusConflict, code: codes.Aborted, reason: "ETAG_MISMATCH"}
	unauthenticated = apiError{status: http.StatusUnauthorized, code: codes.Unauthenticated, reason: "TOKEN_INVALID"}
	roleRequired    = apiError{status: http.StatusForbidden, code: codes.PermissionDenied, reason: "ROLE_REQUIRED"}
)

// policyDenied is a refusal by the tenant's policy, with policy's reason.
func policyDenied(accessReason string) apiError {
	e := conflict("POLICY_DENIED")
	e.metadata = map[string]string{"access_reason": accessReason}
	return e
}

// conflict is a FailedPrecondition refusal (HTTP 409) with the given reason.
func conflict(reason string) apiError {
	return apiError{status: http.StatusConflict, code: codes.FailedPrecondition, reason: reason}
}
