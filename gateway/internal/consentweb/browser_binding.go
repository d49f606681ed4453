package consentweb

import (
	"context"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// A started LinkedIn connection may be completed only by the browser that
// started it: otherwise a user could send their authorization URL to a
// colleague, whose approval would link the colleague's LinkedIn account to
// the sender's work account. The consent service hands out a binding secret
// in StartConnection's response headers; the gateway keeps it in an HttpOnly
// cookie scoped to the callback and sends it back with CompleteConnection.

const (
	// bindingCookie holds the secret between :connect and the callback.
	bindingCookie = "liaison_connect"
	// callbackPath is the only path the cookie is sent to.
	callbackPath = "/v1/linkedin/callback"
)

// browserBinding sets and clears the binding cookie. secure is false only in
// dev mode, so the flow also works over plain http://localhost.
type browserBinding struct{ secure bool }

// remember is a forward-response option: on StartConnection's answer it
// moves the binding from the response headers into the cookie.
func (b browserBinding) remember(ctx context.Context, w http.ResponseWriter, m proto.Message) error {
	resp, ok := m.(*consentv1.StartConnectionResponse)
	if !ok {
		return nil
	}
	md, ok := runtime.ServerMetadataFromContext(ctx)
	values := md.HeaderMD.Get(consentv1.BrowserBindingMetadata)
	if !ok || len(values) == 0 {
		return nil
	}
	http.SetCookie(w, b.cookie(values[0], resp.GetExpireTime().AsTime()))
	return nil
}

// forget is a forward-response option: the callback's answer clears the
// cookie, which has served its one use.
func (b browserBinding) forget(_ context.Context, w http.ResponseWriter, m proto.Message) error {
	if _, ok := m.(*consentv1.CompleteConnectionResponse); ok {
		c := b.cookie("", time.Unix(0, 0))
		c.MaxAge = -1
		http.SetCookie(w, c)
	}
	return nil
}

func (b browserBinding) cookie(value string, expires time.Time) *http.Cookie {
	return &http.Cookie{
		Name: bindingCookie, Value: value, Path: callbackPath, Expires: expires,
		HttpOnly: true, Secure: b.secure,
		// Lax still sends it on the top-level navigation back from LinkedIn.
		SameSite: http.SameSiteLaxMode,
	}
}

// metadata is a mux annotator: the callback carries the cookie to the
// consent service.
func (browserBinding) metadata(_ context.Context, r *http.Request) metadata.MD {
	if r.URL.Path != callbackPath {
		return nil
	}
	c, err := r.Cookie(bindingCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	return metadata.Pairs(consentv1.BrowserBindingMetadata, c.Value)
}

// outgoingHeader forwards the services' response headers as grpc-gateway
// does by default, except the binding, which only the cookie may carry.
func outgoingHeader(key string) (string, bool) {
	if key == consentv1.BrowserBindingMetadata {
		return "", false
	}
	return runtime.MetadataHeaderPrefix + key, true
}
