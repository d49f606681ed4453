package jsonapi

import "net/http"

// NoStore sets the headers every answer of the API carries, before anything
// is written: answers hold directory and consent data, which no cache, proxy
// or browser may keep (Cache-Control: no-store), and a browser must never
// sniff a JSON or CSV body into something it would run
// (X-Content-Type-Options: nosniff).
func NoStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}
