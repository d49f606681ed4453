package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// httpClient bounds every request, so a hung server fails a test rather than
// the whole run. Like curl without -L, it does not follow redirects: a 302
// (the OAuth callback's answer, LinkedIn's authorization) is an answer the
// test reads, and the API must not redirect anywhere else.
var httpClient = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// caller is one identity talking to the gateway's JSON API.
type caller struct {
	name      string // for failure messages, e.g. "contoso/admin"
	token     string // bearer token; empty sends no Authorization header
	requestID string // sent as X-Request-Id when set
	// otherBrowser sends callbacks without the starting browser's cookie.
	otherBrowser bool
}

// anonymous sends no token: a browser arriving from LinkedIn, or a client
// that forgot to sign in.
var anonymous = caller{name: "anonymous"}

// as returns a caller holding a dev token for user in tenant.
func as(t *testing.T, tenant, user string, roles ...string) caller {
	t.Helper()
	return caller{name: tenant + "/" + user, token: devToken(t, tenant, user, roles...)}
}

// operator returns a caller with the Operator role and no tenant.
func operator(t *testing.T) caller {
	t.Helper()
	return caller{name: "operator", token: devToken(t, "", "ops", roleOperator)}
}

// withRequestID returns a copy of c that sends id as its X-Request-Id.
func (c caller) withRequestID(id string) caller {
	c.requestID = id
	return c
}

// response is what the gateway answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

// sendPaced is send for a test that sends more requests at once than the
// gateway's burst for one caller: a 429 is waited out (Retry-After) and
// the request sent again, as a well-behaved client does.
func (c caller) sendPaced(t *testing.T, method, path string, body any) response {
	t.Helper()
	for {
		resp := c.send(t, method, path, body)
		if resp.status != http.StatusTooManyRequests {
			return resp
		}
		wait, err := strconv.Atoi(resp.header.Get("Retry-After"))
		if err != nil || wait < 1 {
			wait = 1
		}
		time.Sleep(time.Duration(wait) * time.Second)
	}
}

// send makes one request. body is marshaled as JSON, except a string, which
// is sent as it is (for malformed JSON), and nil, which sends no body.
func (c caller) send(t *testing.T, method, path string, body any) response {
	t.Helper()
	resp, err := c.request(method, path, body)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// request is send for code that must not stop the test on a failure, such
// as a step run while a server is down.
func (c caller) request(method, path string, body any) (response, error) {
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return response{}, fmt.Errorf("marshal body of %s %s: %w", method, path, err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, sut.gatewayURL+path, reader)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.requestID != "" {
		req.Header.Set("X-Request-Id", c.requestID)
	}
	addBinding(req, c)
	resp, err := httpClient.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s as %s: %w", method, path, c.name, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, fmt.Errorf("%s %s as %s: reading the body: %w", method, path, c.name, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: raw}, nil
}

// ok makes a request that must answer 200 and decodes the JSON body into
// out (unless out is nil).
func (c caller) ok(t *testing.T, method, path string, body, out any) response {
	t.Helper()
	resp := c.send(t, method, path, body)
	if resp.status != http.StatusOK {
		t.Fatalf("%s %s as %s: status %d, want 200; body: %s", method, path, c.name, resp.status, resp.body)
	}
	if out != nil {
		if err := json.Unmarshal(resp.body, out); err != nil {
			t.Fatalf("%s %s as %s: body is not the JSON expected (%v): %s", method, path, c.name, err, resp.body)
		}
	}
	return resp
}
