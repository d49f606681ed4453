package linkedin

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for header, want := range map[string]time.Duration{
		"":                              0,
		"1":                             time.Second,
		" 120 ":                         2 * time.Minute,
		"0":                             0,
		"-5":                            0,
		"soon":                          0,
		"99999999999999999":             maxRetryAfter,
		"Sat, 01 Mar 2025 09:01:30 GMT": 90 * time.Second,
		"Sat, 01 Mar 2025 08:00:00 GMT": 0,
	} {
		if got := retryAfter(header, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	err := &Error{Op: "read member", Kind: ErrUnavailable, StatusCode: 503,
		Code: "service_unavailable", Description: "try later", RetryAfter: time.Second}
	want := "linkedin: read member: the network is unavailable: HTTP 503 service_unavailable: try later (retry after 1s)"
	if err.Error() != want {
		t.Errorf("message = %q\nwant      %q", err.Error(), want)
	}
	cause := &Error{Op: "exchange code", Kind: ErrUnavailable, Err: context.DeadlineExceeded}
	if !errors.Is(cause, ErrUnavailable) || !errors.Is(cause, context.DeadlineExceeded) {
		t.Error("errors.Is does not see both the kind and the cause")
	}
	plain := &Error{Op: "revoke token", StatusCode: 401, Code: "invalid_client"}
	if got := plain.Error(); got != "linkedin: revoke token: HTTP 401 invalid_client" {
		t.Errorf("plain message = %q", got)
	}
}

func TestStatusErrorKinds(t *testing.T) {
	for status, want := range map[int]error{
		http.StatusBadRequest:          nil,
		http.StatusForbidden:           nil,
		http.StatusTooManyRequests:     ErrUnavailable,
		http.StatusInternalServerError: ErrUnavailable,
		http.StatusBadGateway:          ErrUnavailable,
		http.StatusServiceUnavailable:  ErrUnavailable,
	} {
		e := statusError("op", &http.Response{StatusCode: status, Header: http.Header{}}, "", "", nil)
		if e.Kind != want {
			t.Errorf("HTTP %d: kind %v, want %v", status, e.Kind, want)
		}
	}
}

func TestLongDescriptionIsShortened(t *testing.T) {
	long := strings.Repeat("é", 1000)
	e := statusError("op", &http.Response{StatusCode: 400, Header: http.Header{}}, "bad", long, nil)
	if len(e.Description) > maxDetail+len("…") || !strings.HasSuffix(e.Description, "…") {
		t.Errorf("description kept %d bytes", len(e.Description))
	}
	if !strings.HasPrefix(long, strings.TrimSuffix(e.Description, "…")) {
		t.Error("shortening split a character")
	}
}
