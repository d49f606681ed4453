package devauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// maxBody bounds the token request; a real one is a few dozen bytes.
const maxBody = 64 << 10

// ServeToken answers POST /dev/token with {"token": "..."}. It returns the
// error to answer with, untouched, so the caller writes it like every API error.
//
// Only a client on this host, addressing it by a loopback name, gets a
// token (checkLoopback, checkLoopbackName), and only for a JSON body
// (checkJSON), which a web page cannot send from the developer's browser.
func (i *Issuer) ServeToken(w http.ResponseWriter, r *http.Request) error {
	for _, check := range []func(*http.Request) error{checkLoopback, checkLoopbackName, checkJSON} {
		if err := check(r); err != nil {
			return err
		}
	}
	var req TokenRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			return jsonapi.RouteBodyTooLarge(maxBody)
		}
		return status.Error(codes.InvalidArgument, fmt.Sprintf("request body: %v", err))
	}
	token, err := i.Mint(req)
	if err != nil {
		return err
	}
	jsonapi.WriteJSON(w, http.StatusOK, map[string]string{"token": token})
	return nil
}

// ServeJWKS answers GET /dev/jwks.json with the key set services verify dev
// tokens with.
func (i *Issuer) ServeJWKS(w http.ResponseWriter, _ *http.Request) error {
	jsonapi.WriteJSON(w, http.StatusOK, i.KeySet())
	return nil
}
