// Package apidoc is the API document the gateway serves at /openapi.json:
// the OpenAPI 2 document generated from the protos, plus what only the
// gateway knows (the CSV form of the connections report). The gateway also
// reads from it which query parameters each route takes, so the document
// and what the gateway accepts cannot disagree.
package apidoc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Document is an OpenAPI 2 document, kept as plain JSON values so additions
// keep every field the generator wrote.
type Document struct {
	root map[string]any
	// lenient are the routes (RouteKey) that ignore query parameters they
	// do not take.
	lenient map[string]bool
}

// Parse reads a document, and adds to every operation the answers the
// gateway itself may give.
func Parse(data []byte) (*Document, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("api document: %w", err)
	}
	if _, ok := root["paths"].(map[string]any); !ok {
		return nil, fmt.Errorf("api document: no paths")
	}
	d := &Document{root: root, lenient: map[string]bool{}}
	d.addGatewayAnswers()
	return d, nil
}

// Parameter is a query parameter added to an operation.
type Parameter struct {
	Name        string
	Description string
	Enum        []string
}

// AddQueryParameter adds a string query parameter to the operation at
// method and path (spelt as in the document).
func (d *Document) AddQueryParameter(method, path string, p Parameter) error {
	op, err := d.operation(method, path)
	if err != nil {
		return err
	}
	param := map[string]any{"name": p.Name, "in": "query", "required": false, "type": "string", "description": p.Description}
	if len(p.Enum) > 0 {
		param["enum"] = p.Enum
	}
	params, _ := op["parameters"].([]any)
	op["parameters"] = append(params, param)
	return nil
}

// IgnoreUnknownQuery lets the route at method and path ignore query
// parameters it does not take, where a protocol requires it: OAuth 2.0
// (RFC 6749, 4.1.2) has a client ignore unrecognized parameters in the
// authorization server's redirect.
func (d *Document) IgnoreUnknownQuery(method, path string) error {
	if _, err := d.operation(method, path); err != nil {
		return err
	}
	d.lenient[RouteKey(method, path)] = true
	return nil
}

// AddProduces adds media types the operation answers with, beside JSON.
func (d *Document) AddProduces(method, path string, mediaTypes ...string) error {
	op, err := d.operation(method, path)
	if err != nil {
		return err
	}
	produces := []any{"application/json"}
	if list, ok := op["produces"].([]any); ok {
		produces = list
	}
	for _, m := range mediaTypes {
		if !slices.Contains(produces, any(m)) {
			produces = append(produces, m)
		}
	}
	op["produces"] = produces
	return nil
}

// AddDescription appends a paragraph to the operation's description.
func (d *Document) AddDescription(method, path, text string) error {
	op, err := d.operation(method, path)
	if err != nil {
		return err
	}
	if old, _ := op["description"].(string); old != "" {
		text = old + "\n\n" + text
	}
	op["description"] = text
	return nil
}

func (d *Document) operation(method, path string) (map[string]any, error) {
	item, _ := d.root["paths"].(map[string]any)[path].(map[string]any)
	op, ok := item[strings.ToLower(method)].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("api document: no operation %s %s", method, path)
	}
	return op, nil
}

// JSON is the document as served.
func (d *Document) JSON() ([]byte, error) { return json.Marshal(d.root) }

// Handler serves the document.
func Handler(doc []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(doc) // a client gone mid-body is not our error
	}
}
