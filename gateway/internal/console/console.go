package console

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// file is one embedded file, ready to serve, also gzipped (the script is
// a fifth of its size so), each with its own etag.
type file struct {
	body, gzipped []byte
	contentType   string
	etag          string
}

// Handler serves the console; every other request goes to next (the API).
type Handler struct {
	files  map[string]file // by URL path
	config []byte
	policy string // Content-Security-Policy
	next   http.Handler
}

// New returns the console's handler in front of next. dev turns on dev
// sign-in (the gateway's /dev/token) and lets profile photos load over
// http, as the LinkedIn simulator serves them.
func New(s Settings, dev bool, next http.Handler) (*Handler, error) {
	h := &Handler{files: map[string]file{}, next: next}
	for urlPath, name := range map[string]string{"/": "index.html", "/console/app.js": "app.js", "/console/app.css": "app.css"} {
		body, err := fs.ReadFile(dist, path.Join("dist", name))
		if err != nil {
			return nil, err
		}
		gzipped, err := compress(body)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		h.files[urlPath] = file{body: body, gzipped: gzipped, contentType: contentType(name),
			etag: base64.RawURLEncoding.EncodeToString(sum[:16])}
	}
	config, err := json.Marshal(clientConfig(s, dev))
	if err != nil {
		return nil, err
	}
	h.config = config
	h.policy = contentSecurityPolicy(s, dev)
	return h, nil
}

// ServeHTTP answers GET and HEAD of the console's paths, whatever their
// query (the OpenID provider and LinkedIn send the browser back to / with
// theirs), and hands everything else to the API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.next.ServeHTTP(w, r)
		return
	}
	f, isFile := h.files[r.URL.Path]
	if !isFile && r.URL.Path != "/console/config.json" {
		h.next.ServeHTTP(w, r)
		return
	}
	head := w.Header()
	head.Set("Content-Security-Policy", h.policy)
	head.Set("X-Content-Type-Options", "nosniff")
	head.Set("Referrer-Policy", "no-referrer")
	head.Set("Cross-Origin-Opener-Policy", "same-origin")
	if !isFile {
		head.Set("Cache-Control", "no-store")
		head.Set("Content-Type", "application/json")
		_, _ = w.Write(h.config)
		return
	}
	// Revalidated on every load (a new gateway brings a new console), and
	// answered 304 while unchanged.
	head.Set("Cache-Control", "no-cache")
	head.Set("Content-Type", f.contentType)
	head.Set("Vary", "Accept-Encoding")
	body, etag := f.body, `"`+f.etag+`"`
	if acceptsGzip(r) {
		body, etag = f.gzipped, `"`+f.etag+`-gzip"`
		head.Set("Content-Encoding", "gzip")
	}
	head.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

func compress(body []byte) ([]byte, error) {
	var out bytes.Buffer
	z, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := z.Write(body); err != nil {
		return nil, err
	}
	err = z.Close()
	return out.Bytes(), err
}

// acceptsGzip reads Accept-Encoding as browsers send it ("gzip, deflate,
// br"); a gzip weighed q=0 is refused.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, weight, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			return strings.ReplaceAll(strings.TrimSpace(weight), " ", "") != "q=0"
		}
	}
	return false
}

func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".js"):
		return "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".css"):
		return "text/css; charset=utf-8"
	default:
		return "text/html; charset=utf-8"
	}
}

// clientConfig is GET /console/config.json: how the console signs people in.
func clientConfig(s Settings, dev bool) map[string]any {
	config := map[string]any{"devSignIn": dev}
	if s.Issuer != "" {
		oidc := map[string]string{"issuer": s.Issuer, "clientId": s.ClientID, "scopes": s.Scopes}
		if s.Audience != "" {
			oidc["audience"] = s.Audience
		}
		config["oidc"] = oidc
	}
	return config
}

// contentSecurityPolicy lets the console run only its own script and style,
// call only its own origin (and the OpenID provider), and be framed by
// nobody.
func contentSecurityPolicy(s Settings, dev bool) string {
	connect := strings.Join(append([]string{"'self'"}, s.origins()...), " ")
	images := "'self' data: https:"
	if dev {
		images += " http:"
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src " + images,
		"connect-src " + connect,
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}
