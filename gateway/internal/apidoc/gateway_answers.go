package apidoc

import (
	"net/http"
	"strconv"
)

// gatewayAnswers are the errors the gateway itself may answer any route
// with, before or instead of the service: the generator knows only the
// service's success and its "default" error.
var gatewayAnswers = map[int]string{
	http.StatusRequestTimeout:        "The request body did not arrive within the read timeout; send it again.",
	http.StatusRequestEntityTooLarge: "The request body is larger than the limit.",
	http.StatusTooManyRequests:       "Too many requests from this caller or address; the Retry-After header says when to retry.",
	http.StatusServiceUnavailable:    "A service the request needs cannot answer now; retry.",
	http.StatusGatewayTimeout:        "A service the request needs did not answer in time; retry.",
}

// headersTooLarge is answered by the HTTP server before any route runs, in
// plain text, so it has no schema.
const headersTooLarge = "The request's headers are larger than the limit."

// addGatewayAnswers documents gatewayAnswers on every operation, with the
// schema of every API error.
func (d *Document) addGatewayAnswers() {
	for _, item := range d.root["paths"].(map[string]any) {
		item, _ := item.(map[string]any)
		for _, op := range item {
			op, ok := op.(map[string]any)
			if !ok {
				continue
			}
			responses, ok := op["responses"].(map[string]any)
			if !ok {
				responses = map[string]any{}
				op["responses"] = responses
			}
			for status, text := range gatewayAnswers {
				responses[strconv.Itoa(status)] = map[string]any{
					"description": text,
					"schema":      map[string]any{"$ref": "#/definitions/rpcStatus"},
				}
			}
			responses[strconv.Itoa(http.StatusRequestHeaderFieldsTooLarge)] = map[string]any{"description": headersTooLarge}
		}
	}
}
