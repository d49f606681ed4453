package linkedin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The kinds of failure the consent service acts on differently. Test for
// them with errors.Is; anything else is a plain error (a misconfigured
// client, a missing scope, an answer that makes no sense).
var (
	// ErrUnavailable: the network could not be reached, timed out, failed
	// (5xx) or throttled us (429). Retrying later may work; Error's
	// RetryAfter says when, if the network said.
	ErrUnavailable = errors.New("the network is unavailable")
	// ErrInvalidGrant: the authorization code or refresh token is unknown,
	// expired, already used, revoked, or failed the PKCE check (RFC 6749's
	// invalid_grant). Retrying will not help; the member must connect again.
	ErrInvalidGrant = errors.New("the authorization code or refresh token is invalid, expired or used")
	// ErrUnauthorized: an API call's access token was refused (401),
	// because it was revoked or has expired. Refresh, or connect again.
	ErrUnauthorized = errors.New("the access token was refused")
	// ErrNoMember: no member has verified the email looked up (404
	// not_found).
	ErrNoMember = errors.New("no member has verified this email")
	// ErrProfileHidden: the member exists but chose not to show their
	// profile in the organization's apps (404 profile_hidden).
	ErrProfileHidden = errors.New("the member hides their profile from the organization's apps")
	// ErrEventsExpired: the member-event feed no longer holds the position
	// asked for, or never did (410 Gone). Forget everything learned from
	// the feed and continue from its head.
	ErrEventsExpired = errors.New("the member-event position has expired")
)

// Error is a failed call to the network. Its message never holds a token:
// it is built from the call's name and what the network said, never from
// the request.
type Error struct {
	// Op names the call, e.g. "exchange code".
	Op string
	// Kind is one of the Err values above (or ErrSyncTokenExpired), or nil
	// when the failure is none of these.
	Kind error
	// StatusCode is the HTTP status of the answer; 0 when none arrived.
	StatusCode int
	// Code is the network's error code, e.g. "invalid_grant".
	Code string
	// Description is the network's explanation, for people.
	Description string
	// RetryAfter is how long the network asked us to wait before trying
	// again (its Retry-After header); 0 when it did not say.
	RetryAfter time.Duration
	// Err is the underlying failure, e.g. the connection error; nil when
	// the network answered.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("linkedin: ")
	b.WriteString(e.Op)
	if e.Kind != nil {
		b.WriteString(": ")
		b.WriteString(e.Kind.Error())
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
		if e.Code != "" {
			b.WriteString(" " + e.Code)
		}
		if e.Description != "" {
			b.WriteString(": " + e.Description)
		}
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Unwrap lets errors.Is match both the kind and the cause, e.g.
// ErrUnavailable and context.DeadlineExceeded for a timeout.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// transportError classifies a request that got no (complete) answer. The
// caller cancelling is not the network's fault; everything else (refused
// connections, DNS failures, timeouts, dropped connections) is
// ErrUnavailable.
func transportError(ctx context.Context, op string, err error) *Error {
	// The request's URL may hold personal data (a looked-up email): the
	// error keeps only what went wrong, never where.
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	e := &Error{Op: op, Err: err}
	if !errors.Is(ctx.Err(), context.Canceled) {
		e.Kind = ErrUnavailable
	}
	return e
}

// statusError classifies an answer with a failure status. code and
// description are what the body said, if anything; kind is what this
// status means for the call beyond the statuses every call shares.
func statusError(op string, resp *http.Response, code, description string, kind error) *Error {
	e := &Error{Op: op, StatusCode: resp.StatusCode, Code: shorten(code), Description: shorten(description), Kind: kind}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		e.Kind = ErrUnavailable
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return e
}

// retryAfter reads a Retry-After header, which is either a number of
// seconds or an HTTP date (RFC 9110 section 10.2.3). It returns 0 when the
// header is missing, malformed or in the past.
func retryAfter(header string, now time.Time) time.Duration {
	header = strings.TrimSpace(header)
	if header == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(header, 10, 64); err == nil {
		// Clamp before converting: a huge number must not overflow.
		secs = min(max(secs, 0), int64(maxRetryAfter/time.Second))
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(header); err == nil {
		return min(max(0, at.Sub(now)), maxRetryAfter)
	}
	return 0
}

// maxRetryAfter caps what we pass on: a network asking for more than a day
// is broken, and the caller should not sleep on its word.
const maxRetryAfter = 24 * time.Hour

// maxDetail bounds each piece of the network's answer kept in an Error,
// which ends up in logs.
const maxDetail = 300

// shorten cuts s to maxDetail bytes, without splitting a character.
func shorten(s string) string {
	if len(s) <= maxDetail {
		return s
	}
	return strings.ToValidUTF8(s[:maxDetail], "") + "…"
}
