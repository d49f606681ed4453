package jsonapi

import (
	"encoding/json"
	"net/http"
)

// WriteJSON writes v as a JSON response, for the handlers whose answers are
// not protobuf messages (health, dev tokens, JWKS).
func WriteJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	// The status is already sent, so a failed write has nowhere to go.
	_ = json.NewEncoder(w).Encode(v)
}
