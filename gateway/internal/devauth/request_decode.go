package devauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// maxBody bounds the token request; a real one is a few dozen bytes.
const maxBody = 64 << 10

// decodeTokenRequest reads r's body, whole and at most maxBody bytes (white
// space after the object counts too), as a TokenRequest object. A refusal
// names the field in the client's JSON spelling and the rule, never Go's
// names for them. The gateway's strict checks, which run on every route,
// have already refused a body that is not UTF-8 JSON or has data after its
// value.
func decodeTokenRequest(w http.ResponseWriter, r *http.Request) (TokenRequest, error) {
	var req TokenRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
		return req, jsonapi.RouteBodyTooLarge(maxBody)
	}
	if err != nil {
		return req, jsonapi.InvalidField("body", "could not be read whole; send the request again")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, decodeRefusal(err)
	}
	return req, nil
}

// tokenRequestShape says what the body must be, for refusals.
const tokenRequestShape = `a JSON object {"tenant": string, "user": string, "roles": [string]}`

// decodeRefusal is the refusal of a body encoding/json could not decode.
func decodeRefusal(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return jsonapi.InvalidField(jsonapi.Shorten(typeErr.Field), "must be "+jsonKind(typeErr.Type))
	case errors.As(err, &typeErr), errors.Is(err, io.EOF):
		return jsonapi.InvalidField("body", "must be "+tokenRequestShape)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return jsonapi.InvalidField("body", fmt.Sprintf("is not valid JSON; it must be %s", tokenRequestShape))
	}
	// The one error encoding/json does not type: json: unknown field "x".
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return jsonapi.InvalidField(jsonapi.Shorten(strings.Trim(name, `"`)), "is not a field of this request; it must be "+tokenRequestShape)
	}
	return jsonapi.InvalidField("body", "must be "+tokenRequestShape)
}

// jsonKind names the JSON kind a field of type t takes.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonKind(t.Elem()), "a "), "an ") + "s"
	}
	return "a " + t.Kind().String()
}
