package server

import (
	"context"
	"log/slog"
	"testing"
)

// serveWith runs a whole gateway (listener, limits, handler) on a random
// local port in front of the backend at addr, with the defaults changed by
// change, until the test ends, and returns its address.
func serveWith(t *testing.T, addr string, change func(*Settings)) string {
	t.Helper()
	return serveServer(t, addr, change).Addr()
}

// serveServer is serveWith returning the gateway itself.
func serveServer(t *testing.T, addr string, change func(*Settings)) *Server {
	t.Helper()
	s := Defaults()
	s.HTTPAddr = "127.0.0.1:0"
	s.ShutdownGrace = 0
	for name := range s.BackendAddrs {
		s.BackendAddrs[name] = addr
	}
	s.Rates.PerCaller, s.Rates.PerAddress = 0, 0
	if change != nil {
		change(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := New(ctx, s, slog.New(slog.DiscardHandler))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	return srv
}
