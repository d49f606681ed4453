package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// browsers stands for the browser of each started connection: the gateway
// sets a binding cookie on :connect, and only a callback carrying it may
// complete that connection. The suite keeps each cookie under the state it
// belongs to, and sends it with that state's callbacks, as the browser that
// started the connection would.
var browsers sync.Map // state -> *http.Cookie

// rememberBinding keeps the binding cookie a :connect answer set for the
// connection whose authorization URL is authorization.
func rememberBinding(header http.Header, authorization *url.URL) {
	resp := http.Response{Header: header}
	for _, c := range resp.Cookies() {
		if c.Name == "liaison_connect" {
			browsers.Store(authorization.Query().Get("state"), c)
		}
	}
}

// addBinding adds the starting browser's cookie to a callback request.
func addBinding(req *http.Request, c caller) {
	if c.otherBrowser || !strings.HasPrefix(req.URL.Path, callbackPath) {
		return
	}
	if cookie, ok := browsers.Load(req.URL.Query().Get("state")); ok {
		req.AddCookie(cookie.(*http.Cookie))
	}
}
