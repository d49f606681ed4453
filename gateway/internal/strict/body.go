package strict

import (
	"errors"
	"io"
	"net"
	"net/http"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkBody refuses a body over the limit (by its Content-Length before
// reading any of it, or once the limit is read), and a JSON body that is
// not UTF-8 or has data after its value. A checked body is kept in memory
// for the route to decode: it is at most the limit.
func (c *Checker) checkBody(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > c.maxBody {
		return jsonapi.BodyTooLarge(c.maxBody)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	// MaxBytesReader also closes the connection after the answer, so the
	// rest of a body over the limit is never read.
	limited := http.MaxBytesReader(w, r.Body, c.maxBody)
	if !decodesBody(r.Method) {
		r.Body = limited
		return nil
	}
	data, err := io.ReadAll(limited)
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
		return jsonapi.BodyTooLarge(c.maxBody)
	}
	if timeout := net.Error(nil); errors.As(err, &timeout) && timeout.Timeout() {
		return jsonapi.RequestTimeout() // a body sent too slowly
	}
	if err != nil {
		// A network error names the connection's addresses: the log keeps
		// it, the client learns only that its body did not arrive whole.
		c.logger.WarnContext(r.Context(), "request body could not be read", "error", err)
		return jsonapi.InvalidField("body", "could not be read whole; send the request again")
	}
	if err := checkJSON(data); err != nil {
		return err
	}
	r.Body = jsonapi.NewCheckedBody(data)
	return nil
}

// decodesBody reports whether routes of method read a JSON body.
func decodesBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}
