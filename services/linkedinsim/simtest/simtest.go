// Package simtest runs the LinkedIn simulator for the tests of the services
// that call it, and drives its admin API: members, connections, faults.
package simtest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

// Sim is a running simulator.
type Sim struct {
	t testing.TB
	// URL is its base URL, for the OAuth flow, the API and the admin API.
	URL string
}

// Options change how the simulator runs.
type Options struct {
	// Settings change its settings; AutoApprove is on before they run.
	Settings func(*linkedinsim.Settings)
	// Wrap stands a handler in front of it (a recorder).
	Wrap func(http.Handler) http.Handler
}

// Start runs the simulator with the demo network until the test ends,
// approving authorization requests at once.
func Start(t testing.TB, opts Options) *Sim {
	t.Helper()
	settings := linkedinsim.Defaults()
	settings.AutoApprove = true
	if opts.Settings != nil {
		opts.Settings(settings)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	sim, err := linkedinsim.New(*settings, logger)
	if err != nil {
		t.Fatal(err)
	}
	handler := sim.Handler()
	if opts.Wrap != nil {
		handler = opts.Wrap(handler)
	}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	return &Sim{t: t, URL: server.URL}
}

// Member is a member as the admin API shows it.
type Member struct {
	linkedinsim.Member
	Connections []string `json:"connections"`
}

// Member reads a member.
func (s *Sim) Member(id string) Member {
	s.t.Helper()
	var m Member
	s.Call(http.MethodGet, "/sim/members/"+id, nil, http.StatusOK, &m)
	return m
}

// UpdateMember changes the fields of patch (JSON names) of a member. The
// simulator answers once every subscriber of its member events has taken
// the change in; the test fails if one had not within its wait.
func (s *Sim) UpdateMember(id string, patch map[string]any) {
	s.t.Helper()
	header := s.call(http.MethodPatch, "/sim/members/"+id, patch, http.StatusOK, nil)
	if n := header.Get("X-Sim-Unacknowledged"); n != "" {
		s.t.Errorf("PATCH /sim/members/%s: %s subscribers did not take the change in", id, n)
	}
}

// Connect connects two members.
func (s *Sim) Connect(a, b string) {
	s.t.Helper()
	s.Call(http.MethodPost, "/sim/connections", map[string]string{"a": a, "b": b}, http.StatusCreated, nil)
}

// Disconnect disconnects two members.
func (s *Sim) Disconnect(a, b string) {
	s.t.Helper()
	s.Call(http.MethodDelete, "/sim/connections/"+a+"/"+b, nil, http.StatusNoContent, nil)
}

// SetFaults makes the API fail or slow down as faults say.
func (s *Sim) SetFaults(faults linkedinsim.Faults) {
	s.t.Helper()
	s.Call(http.MethodPut, "/sim/faults", faults, http.StatusOK, nil)
}

// ClearFaults ends every fault.
func (s *Sim) ClearFaults() {
	s.t.Helper()
	s.Call(http.MethodDelete, "/sim/faults", nil, http.StatusNoContent, nil)
}

// Call calls the admin API, wanting status, and decodes the answer into
// out unless nil.
func (s *Sim) Call(method, path string, body any, status int, out any) {
	s.t.Helper()
	s.call(method, path, body, status, out)
}

// call is Call, answering the response's header.
func (s *Sim) call(method, path string, body any, status int, out any) http.Header {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		s.t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, b, status)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return resp.Header
}
