package devauth

import (
	"fmt"
	"mime"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkJSON refuses a token request whose body is not declared JSON with
// 415. A browser posts across sites without a CORS preflight only as
// text/plain or a form; asking for application/json means a web page can
// never post a token request from the developer's browser unasked.
func checkJSON(r *http.Request) error {
	contentType := r.Header.Get("Content-Type")
	if mediaType, _, err := mime.ParseMediaType(contentType); err == nil && mediaType == "application/json" {
		return nil
	}
	return &runtime.HTTPStatusError{
		HTTPStatus: http.StatusUnsupportedMediaType,
		Err: jsonapi.InvalidField("Content-Type", fmt.Sprintf(
			"must be application/json (parameters such as charset allowed), got %q", jsonapi.Shorten(contentType))),
	}
}
