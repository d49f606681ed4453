// Package openapi holds the OpenAPI (Swagger 2.0) document of every Liaison
// HTTP/JSON API, generated from the protos and proto/http_rules.yaml.
package openapi

import _ "embed"

// Document is the generated OpenAPI document, as JSON.
//
//go:embed liaison.swagger.json
var Document []byte
