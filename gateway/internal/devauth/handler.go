package devauth

import (
	"net/http"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

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
	req, err := decodeTokenRequest(w, r)
	if err != nil {
		return err
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
