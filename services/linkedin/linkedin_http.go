package linkedin

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// maxAnswerBytes bounds how much of an answer we read: the calls here get
// small JSON documents, and a broken or hostile server must not make us
// hold more.
const maxAnswerBytes = 1 << 20

// errorBody is a failure answer: the OAuth endpoints send RFC 6749's
// {"error", "error_description"}, the API {"error", "message"}.
type errorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	Message          string `json:"message"`
}

// send sends req and decodes a successful JSON answer into out, or ignores
// the answer's body when out is nil. Failures come back as *Error.
func (l *Client) send(op string, req *http.Request, out any) error {
	return sendVia(l.client, op, req, out)
}

// sendVia is send through c: the long poll uses a client without a timeout
// of its own.
func sendVia(c *http.Client, op string, req *http.Request, out any) error {
	resp, err := c.Do(req)
	if err != nil {
		return transportError(req.Context(), op, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return transportError(req.Context(), op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var eb errorBody
		// A body that is not JSON (a proxy's error page) leaves the
		// status to speak alone.
		_ = json.Unmarshal(body, &eb)
		return statusError(op, resp, eb.Error, cmp.Or(eb.ErrorDescription, eb.Message), nil)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &Error{Op: op, StatusCode: resp.StatusCode, Err: fmt.Errorf("the answer is not the expected JSON: %w", err)}
	}
	return nil
}

// callAPI calls the member API with an access token. A 401 means the
// network no longer accepts the token: ErrUnauthorized.
func (l *Client) callAPI(ctx context.Context, op, method, path, accessToken string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, l.apiBase+path, nil)
	if err != nil {
		return &Error{Op: op, Err: err}
	}
	// The token travels in the header only: URLs end up in logs and in
	// the errors the HTTP client returns.
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Accept", "application/json")
	err = l.send(op, req, out)
	markKind(err, http.StatusUnauthorized, "", ErrUnauthorized)
	return err
}

// markKind classifies err as kind when it is an answer with status and,
// unless code is empty, that error code: what a status means depends on
// the call.
func markKind(err error, status int, code string, kind error) {
	if e, ok := errors.AsType[*Error](err); ok && e.StatusCode == status && (code == "" || e.Code == code) {
		e.Kind = kind
	}
}
