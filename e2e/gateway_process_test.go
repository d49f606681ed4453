package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// startExtraGateway starts a second gateway in front of the suite's
// services, with the settings in flags, until the test ends, and returns its
// base URL. The limits tests use it to turn limits tight without touching the
// gateway every other test shares.
func startExtraGateway(t *testing.T, flags ...string) string {
	t.Helper()
	addr, stop, err := sut.AddReplica("gateway", flags...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	return "http://" + addr
}

// rawConn opens a TCP connection to the gateway at base (an http:// URL),
// for requests net/http would not send: a body a byte at a time, a body
// that never comes. Reads give up after a while, so a gateway that never
// answers fails the test instead of hanging it.
func rawConn(t *testing.T, base string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", base[len("http://"):])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	return conn
}

// readAnswer reads one HTTP answer from conn, with its body.
func readAnswer(t *testing.T, conn net.Conn) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// requestHead is the start of a request to path with a JSON body of length
// bytes, up to the body.
func requestHead(method, path string, length int, token string) string {
	head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", method, path, length)
	if token != "" {
		head += "Authorization: Bearer " + token + "\r\n"
	}
	return head + "\r\n"
}
