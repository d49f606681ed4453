package linkedinsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Error codes of the /v2 and /sim APIs. Every error body is
// {"error": code, "message": text for people}; OAuth endpoints use RFC 6749's
// shape instead (see oauthError).
const (
	errInvalidRequest    = "invalid_request"
	errNotFound          = "not_found"
	errConflict          = "conflict"
	errUnauthorized      = "invalid_token"
	errInvalidClient     = "invalid_client"
	errInsufficientScope = "insufficient_scope"
	errRateLimited       = "rate_limited"
	errUnavailable       = "service_unavailable"
	errInvalidSyncToken  = "invalid_sync_token"
	errSyncTokenExpired  = "sync_token_expired"
	errProfileHidden     = "profile_hidden"
)

// Request body limits: admin and API calls are small; a contact import may
// carry a whole address book.
const (
	maxBodyBytes       = 1 << 20
	maxImportBodyBytes = 8 << 20
)

// apiError is the JSON error body of the /v2 and /sim APIs.
type apiError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing to do
}

func writeError(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, apiError{Error: code, Message: fmt.Sprintf(format, args...)})
}

// writeOAuthError answers an OAuth endpoint's error. Responses carrying
// tokens or their errors must not be cached (RFC 6749 section 5.1).
func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.description})
}

// decodeJSON reads the request body into v, refusing unknown fields (a
// misspelt field in a test should fail loudly, not be ignored) and bodies
// over limit bytes. On failure it has already answered 400.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.Decode(new(json.RawMessage)) != io.EOF {
		err = errors.New("more than one JSON value")
	}
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, errInvalidRequest, "the body is larger than %d bytes", limit)
			return false
		}
		writeError(w, http.StatusBadRequest, errInvalidRequest, "the body is not valid JSON for this call: %v", err)
		return false
	}
	return true
}

// statusError is a failure the domain code reports with the HTTP status and
// error code it should reach the client with.
type statusError struct {
	status  int
	code    string
	message string
}

func (e *statusError) Error() string { return e.message }

func failf(status int, code, format string, args ...any) *statusError {
	return &statusError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// writeFailure answers err: its own status when it is a statusError, 500
// otherwise (which the simulator's own code never returns on purpose).
func writeFailure(w http.ResponseWriter, err error) {
	var se *statusError
	if errors.As(err, &se) {
		writeError(w, se.status, se.code, "%s", se.message)
		return
	}
	writeError(w, http.StatusInternalServerError, "internal", "%v", err)
}
