package server

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// dialRaw opens a TCP connection to addr; reads on it give up after a
// while, so a server that never answers fails the test instead of hanging it.
func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.SetReadDeadline(time.Now().Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	return conn
}

// A body announced larger than the limit is refused from its headers: the
// gateway answers without waiting for a byte of it.
func TestBodyOverTheLimitIs413BeforeItIsRead(t *testing.T) {
	addr := serveWith(t, startBackend(t).addr, func(s *Settings) { s.Limits.MaxBodyBytes = 1000 })
	conn := dialRaw(t, addr)
	fmt.Fprintf(conn, "POST /v1/tenants HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413 (body %s)", resp.StatusCode, body)
	}
	if _, reason, field := apitest.ParseError(t, body); reason != "FIELD_INVALID" || field != "body" {
		t.Errorf("error body %s", body)
	}
}

// Without a Content-Length (chunked), the body is read up to the limit only.
func TestChunkedBodyOverTheLimitIs413(t *testing.T) {
	addr := serveWith(t, startBackend(t).addr, func(s *Settings) { s.Limits.MaxBodyBytes = 1000 })
	req, err := http.NewRequest("POST", "http://"+addr+"/v1/tenants", io.MultiReader(strings.NewReader(`{"displayName": "`), strings.NewReader(strings.Repeat("x", 5000)+`"}`)))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = -1 // chunked
	resp, err := apitest.NoRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413 (body %s)", resp.StatusCode, body)
	}
}

// A body sent a byte at a time, slower than the read timeout allows, is cut
// off long before the body is complete, with 408 Request Timeout.
func TestSlowBodyIsCutOff(t *testing.T) {
	addr := serveWith(t, startBackend(t).addr, func(s *Settings) {
		s.Limits.ReadHeaderTimeout = 500 * time.Millisecond
		s.Limits.ReadTimeout = 500 * time.Millisecond
	})
	conn := dialRaw(t, addr)
	const length = 40
	fmt.Fprintf(conn, "POST /v1/tenants HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", length)
	cut := make(chan struct{})
	var answer bytes.Buffer
	go func() {
		_, _ = io.Copy(&answer, conn) // an answer, then the server hangs up
		close(cut)
	}()
	for sent := 0; sent < length; sent++ {
		select {
		case <-cut:
			if sent == length-1 {
				t.Errorf("cut off only at the last byte")
			}
			if !strings.HasPrefix(answer.String(), "HTTP/1.1 408 ") {
				t.Errorf("answer to a body sent too slowly: %q, want 408 Request Timeout", answer.String())
			}
			return
		case <-time.After(200 * time.Millisecond):
		}
		if _, err := conn.Write([]byte(" ")); err != nil {
			return // hung up on
		}
	}
	t.Fatalf("the whole body (%d bytes over %s) was accepted with a 500ms read timeout", length, length*200*time.Millisecond)
}

// Connections over the cap wait: they are served once another closes.
func TestConnectionsOverTheCapWait(t *testing.T) {
	b := startBackend(t)
	addr := serveWith(t, b.addr, func(s *Settings) { s.Limits.MaxConnections = 1 })
	holder := dialRaw(t, addr)
	fmt.Fprintf(holder, "GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n") // keep-alive: it keeps its slot
	if resp, err := http.ReadResponse(bufio.NewReader(holder), nil); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("first connection: %v %v", resp, err)
	}

	impatient := &http.Client{Timeout: 300 * time.Millisecond}
	if resp, err := impatient.Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
		t.Fatalf("a second connection was served while the cap of 1 was taken: %d", resp.StatusCode)
	}
	holder.Close()
	patient := &http.Client{Timeout: 10 * time.Second}
	resp, err := patient.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("after the first connection closed: %v", err)
	}
	resp.Body.Close()
}

func TestHeadersOverTheLimitAreRefused(t *testing.T) {
	const limit = 8192
	addr := serveWith(t, startBackend(t).addr, func(s *Settings) { s.Limits.MaxHeaderBytes = limit })
	// A request head of exactly size bytes: the request line, Host, one
	// padding header and the blank line.
	head := func(size int) string {
		const frame = "GET /healthz HTTP/1.1\r\nHost: gw\r\nX-Padding: \r\n\r\n"
		return strings.Replace(frame, "X-Padding: ", "X-Padding: "+strings.Repeat("x", size-len(frame)), 1)
	}
	for size, want := range map[int]int{
		limit - 64:   http.StatusOK,
		limit + 64:   http.StatusRequestHeaderFieldsTooLarge,
		limit + 4096: http.StatusRequestHeaderFieldsTooLarge,
		4 * limit:    http.StatusRequestHeaderFieldsTooLarge,
	} {
		conn := dialRaw(t, addr)
		// Written while the answer is read, as the server answers before
		// reading it all.
		go fmt.Fprint(conn, head(size))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("a request head of %d bytes with --max-header-bytes=%d: status %d, want %d", size, limit, resp.StatusCode, want)
		}
	}
}
