package jsonapi

import "net/http"

// HeadAsGet answers HEAD wherever GET is answered, as HTTP requires (RFC
// 9110, 9.3.2): the mux routes only the methods the API declares, so a HEAD
// goes on as a GET, and net/http drops the body it writes, since the
// connection's request is still a HEAD.
func HeadAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
		}
		next.ServeHTTP(w, r)
	})
}
