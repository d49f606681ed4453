package consentweb

import (
	"context"
	"net/http"

	"google.golang.org/protobuf/proto"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// redirectAfterCallback turns the answer to LinkedIn's OAuth callback
// (GET /v1/linkedin/callback, bound to ConsentService.CompleteConnection) into
// a 302 to the redirect_url the service returns: the browser arrives from
// LinkedIn and must go on to the app page the connection was started from,
// with the outcome in its query.
//
// It is a forward-response option (runtime.WithForwardResponseOption), so it
// sees every successful answer of the mux and acts only on this one. Errors
// never reach it: a forged, replayed or expired state stays a JSON 400.
//
// The JSON answer is still written as the body, so a client that does not
// follow redirects (curl without -L) can read the outcome. Without a
// redirect_url there is nowhere to send the browser, and the JSON answer
// stands as a 200.
func redirectAfterCallback(_ context.Context, w http.ResponseWriter, m proto.Message) error {
	resp, ok := m.(*consentv1.CompleteConnectionResponse)
	if !ok || resp.GetRedirectUrl() == "" {
		return nil
	}
	w.Header().Set("Location", resp.GetRedirectUrl())
	w.WriteHeader(http.StatusFound)
	return nil
}
