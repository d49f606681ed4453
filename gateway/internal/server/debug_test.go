package server

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
)

// Profiles are opt-in, on loopback, and on an address of their own: the
// API's address never serves them.
func TestProfilesAreServedOnlyOnTheDebugAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:6060", "[::]:6060", "example.com:6060"} {
		if err := parse(t, "--debug-addr="+addr).Validate(); err == nil {
			t.Errorf("--debug-addr=%s accepted", addr)
		}
	}
	if err := parse(t, "--debug-addr=127.0.0.1:0").Validate(); err != nil {
		t.Errorf("--debug-addr=127.0.0.1:0: %v", err)
	}

	s := serveServer(t, startBackend(t).addr, func(s *Settings) { s.DebugAddr = "127.0.0.1:0" })
	debug := "http://" + s.debugLn.Addr().String()
	if resp, body := apitest.Do(t, "GET", debug+"/debug/pprof/cmdline", "", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("profiles on the debug address: %d %s", resp.StatusCode, body)
	}
	if resp, _ := apitest.Do(t, "GET", "http://"+s.Addr()+"/debug/pprof/cmdline", "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("profiles on the API's address: %d, want 404", resp.StatusCode)
	}
	// A page whose name points at 127.0.0.1 (DNS rebinding) is refused.
	req, _ := http.NewRequest("GET", debug+"/debug/pprof/cmdline", nil)
	req.Host = "attacker.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "loopback") {
		t.Errorf("Host attacker.example: %d %s, want 403", resp.StatusCode, body)
	}
}
