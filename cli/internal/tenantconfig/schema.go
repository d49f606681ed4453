package tenantconfig

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Schema is the document's JSON Schema, as published.
//
//go:embed tenant-configuration.schema.json
var Schema []byte

// SchemaID is the schema's $id.
const SchemaID = "https://liaison.dev/schemas/tenant-configuration/v1.json"

var compiled = func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		panic(err)
	}
	return c.MustCompile(SchemaID)
}()

// InvalidError is a document that breaks the schema or the rules beyond
// it: each problem names where it is.
type InvalidError struct{ Problems []string }

func (e *InvalidError) Error() string {
	return "the document is not valid:\n  " + strings.Join(e.Problems, "\n  ")
}

var english = message.NewPrinter(language.English)

// validateSchema checks a document (as JSON) against the schema.
func validateSchema(raw []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return &InvalidError{Problems: []string{err.Error()}}
	}
	err = compiled.Validate(doc)
	var invalid *jsonschema.ValidationError
	if errors.As(err, &invalid) {
		return &InvalidError{Problems: problems(invalid)}
	}
	return err
}

// problems flattens a validation error into one line per broken rule,
// each at its place in the document (e.g. /spec/groups/0/id).
func problems(e *jsonschema.ValidationError) []string {
	var out []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, fmt.Sprintf("%s: %s", location(e.InstanceLocation), e.ErrorKind.LocalizedString(english)))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(e)
	sort.Strings(out)
	return out
}

func location(path []string) string {
	if len(path) == 0 {
		return "(the document)"
	}
	return "/" + strings.Join(path, "/")
}
