package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/liaisonhq/liaison/gateway/internal/devauth"
)

// testSettings are the handler's settings in the tests: the defaults, with
// the rate limits off unless a test turns them on.
func testSettings() handlerSettings {
	d := Defaults()
	rates := d.Rates
	rates.PerCaller, rates.PerAddress = 0, 0
	return handlerSettings{maxBodyBytes: d.Limits.MaxBodyBytes, rates: rates}
}

// startGateway serves the gateway's handler in front of the services at
// policyAddr and consentAddr (one backend may serve both; every other
// backend's routes go to consent's), with the dev identity when issuer is
// not nil.
func startGateway(t *testing.T, policyAddr, consentAddr string, issuer *devauth.Issuer) *httptest.Server {
	t.Helper()
	addrs := everyBackendAt(consentAddr)
	addrs["policy"] = policyAddr
	return startGatewayWith(t, testSettings(), addrs, issuer)
}

// everyBackendAt is the address of every backend, by name: addr.
func everyBackendAt(addr string) map[string]string {
	addrs := map[string]string{}
	for _, b := range backends {
		addrs[b.name] = addr
	}
	return addrs
}

// startGatewayWith serves the handler built from s in front of the
// backends at addrs, by name.
func startGatewayWith(t *testing.T, s handlerSettings, addrs map[string]string, issuer *devauth.Issuer) *httptest.Server {
	t.Helper()
	gw := httptest.NewServer(testHandler(t, s, addrs, issuer))
	t.Cleanup(gw.Close)
	return gw
}

// testHandler is the handler built from s in front of the backends at
// addrs, by name, for tests that set what a listener cannot (the client's
// address).
func testHandler(t *testing.T, s handlerSettings, addrs map[string]string, issuer *devauth.Issuer) http.Handler {
	t.Helper()
	conns := map[string]*grpc.ClientConn{}
	for name, addr := range addrs {
		conns[name] = dialTest(t, addr, s.tracing)
	}
	h, err := newHandler(context.Background(), s, conns, issuer, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func dialTest(t *testing.T, addr string, tracing bool) *grpc.ClientConn {
	t.Helper()
	conn, err := dial(addr, Defaults().Limits.BackendTimeout, tracing, insecure.NewCredentials())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}
