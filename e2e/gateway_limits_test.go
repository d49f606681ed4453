package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestGatewayBodyLimit: a body over the limit (1 MiB by default) is refused
// with a JSON 413 naming the body, from its Content-Length before any of it
// is read, or once the limit is read when the length is not announced.
// It used to be read whole and converted, however large.
func TestGatewayBodyLimit(t *testing.T) {
	admin := operator(t)

	t.Run("announced", func(t *testing.T) {
		conn := rawConn(t, sut.gatewayURL)
		fmt.Fprint(conn, requestHead("POST", "/v1/tenants", 100<<20, admin.token)) // and no body at all
		resp, body := readAnswer(t, conn)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413 without the body being sent (body %s)", resp.StatusCode, body)
		}
		wantFieldError(t, body, "body")
	})

	t.Run("chunked", func(t *testing.T) {
		big := `{"id": "big", "displayName": "` + strings.Repeat("x", 2<<20) + `"}`
		req, err := http.NewRequest("POST", sut.gatewayURL+"/v1/tenants", io.MultiReader(strings.NewReader(big)))
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = -1
		req.Header.Set("Authorization", "Bearer "+admin.token)
		resp, err := httpClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413 (body %.200s)", resp.StatusCode, body)
		}
		wantFieldError(t, body, "body")
	})

	t.Run("settable", func(t *testing.T) {
		small := startExtraGateway(t, "--max-body-bytes=100")
		resp, err := httpClient.Post(small+"/v1/tenants", "application/json", bytes.NewReader(bytes.Repeat([]byte(" "), 101)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("101 bytes with --max-body-bytes=100: status %d, want 413", resp.StatusCode)
		}
	})
}

// TestGatewaySlowBodyIsCutOff: a body sent one byte a second is cut off
// within the read timeout, instead of holding a connection open forever.
func TestGatewaySlowBodyIsCutOff(t *testing.T) {
	gw := startExtraGateway(t, "--http-read-timeout=2s", "--http-read-header-timeout=2s")
	conn := rawConn(t, gw)
	const length = 30
	fmt.Fprint(conn, requestHead("POST", "/v1/tenants", length, ""))
	cut := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, conn) // an answer, then the gateway hangs up
		close(cut)
	}()
	for sent := range length {
		select {
		case <-cut:
			if sent > 6 {
				t.Errorf("cut off after %d bytes at one a second, with a 2s read timeout", sent)
			}
			return
		case <-time.After(time.Second):
		}
		if _, err := conn.Write([]byte(" ")); err != nil {
			return // hung up on
		}
	}
	t.Fatalf("a %d-byte body sent one byte a second was read whole", length)
}

// TestGatewayConnectionCap: connections over --max-connections wait until
// one closes, rather than each taking memory and a goroutine.
func TestGatewayConnectionCap(t *testing.T) {
	gw := startExtraGateway(t, "--max-connections=1")
	holder := rawConn(t, gw)
	fmt.Fprint(holder, "GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n") // keep-alive keeps its slot
	if resp, _ := readAnswer(t, holder); resp.StatusCode != http.StatusOK {
		t.Fatalf("first connection: %d", resp.StatusCode)
	}
	impatient := &http.Client{Timeout: 500 * time.Millisecond}
	if resp, err := impatient.Get(gw + "/healthz"); err == nil {
		resp.Body.Close()
		t.Fatalf("a second connection was served over a cap of 1: %d", resp.StatusCode)
	}
	holder.Close()
	resp, err := httpClient.Get(gw + "/healthz")
	if err != nil {
		t.Fatalf("once the first closed: %v", err)
	}
	resp.Body.Close()
}

// TestGatewayRateLimits: a caller (token) or an address over its rate gets
// a JSON 429 with Retry-After; other callers are not affected.
func TestGatewayRateLimits(t *testing.T) {
	t.Run("per caller", func(t *testing.T) {
		gw := startExtraGateway(t, "--rate-per-caller=0.1", "--rate-burst-per-caller=2")
		alice, bob := operator(t), as(t, "contoso", "bob")
		get := func(c caller) *http.Response {
			req, _ := http.NewRequest("GET", gw+"/v1/tenants/contoso", nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := httpClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return resp
		}
		for range 2 {
			get(alice).Body.Close()
		}
		resp := get(alice)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("third call in a burst of 2: status %d, Retry-After %q (body %s)", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if !strings.Contains(string(body), `"RATE_LIMITED"`) {
			t.Errorf("error body %s lacks reason RATE_LIMITED", body)
		}
		if resp := get(bob); resp.StatusCode == http.StatusTooManyRequests {
			t.Error("another caller was limited too")
		}
	})
	t.Run("per address", func(t *testing.T) {
		gw := startExtraGateway(t, "--rate-per-address=0.1", "--rate-burst-per-address=3")
		var last *http.Response
		for range 4 {
			resp, err := httpClient.Get(gw + "/v1/tenants/contoso")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			last = resp
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
			t.Errorf("fourth call from one address in a burst of 3: status %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
		}
		if resp, err := httpClient.Get(gw + "/readyz"); err != nil || resp.StatusCode == http.StatusTooManyRequests {
			t.Errorf("the readiness probe was limited: %v", err)
		}
	})
}
