package server

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"

	"github.com/liaisonhq/liaison/platform/config"
)

// Limits bound what one request or connection may cost the gateway, so a
// client sending slowly, sending much, or opening many connections cannot
// hold its memory or its goroutines.
type Limits struct {
	// MaxBodyBytes is the largest request body; a larger one gets 413
	// before the rest is read.
	MaxBodyBytes int64
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included: a body
	// sent a byte a second is cut off.
	ReadTimeout time.Duration
	// WriteTimeout bounds answering a request, from the end of its headers;
	// it also bounds the CSV download of the connections report.
	WriteTimeout time.Duration
	// BackendTimeout bounds each call to a service: one that accepts the
	// connection but never answers gets 504 instead of holding the request.
	// It is shorter than WriteTimeout, so the 504 can still be written.
	BackendTimeout time.Duration
	// IdleTimeout closes a keep-alive connection idle that long.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's headers.
	MaxHeaderBytes int
	// MaxConnections caps the connections served at once; more wait in the
	// listen queue until one closes.
	MaxConnections int
}

// DefaultLimits are production defaults: generous for any real request of
// the API, tight for abuse.
func DefaultLimits() Limits {
	return Limits{
		MaxBodyBytes:      1 << 20,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		BackendTimeout:    10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		MaxConnections:    1000,
	}
}

// Bind registers the limits as flags.
func (l *Limits) Bind(fs *flag.FlagSet) {
	fs.Int64Var(&l.MaxBodyBytes, "max-body-bytes", l.MaxBodyBytes, "largest request body; a larger one gets 413 before the rest is read")
	fs.DurationVar(&l.ReadHeaderTimeout, "http-read-header-timeout", l.ReadHeaderTimeout, "time a client gets to send a request's headers")
	fs.DurationVar(&l.ReadTimeout, "http-read-timeout", l.ReadTimeout, "time a client gets to send a whole request, body included")
	fs.DurationVar(&l.WriteTimeout, "http-write-timeout", l.WriteTimeout, "time an answer may take from the end of the request's headers (also bounds the CSV report download)")
	fs.DurationVar(&l.BackendTimeout, "backend-timeout", l.BackendTimeout, "time each call to a service may take; past it the answer is 504 (must be shorter than --http-write-timeout; a client's shorter Grpc-Timeout header wins)")
	fs.DurationVar(&l.IdleTimeout, "http-idle-timeout", l.IdleTimeout, "idle keep-alive connections are closed after this long")
	fs.IntVar(&l.MaxHeaderBytes, "max-header-bytes", l.MaxHeaderBytes, "largest size of a request's headers; larger gets 431")
	fs.IntVar(&l.MaxConnections, "max-connections", l.MaxConnections, "connections served at once; more wait until one closes")
}

// Validate names every limit that cannot work.
func (l Limits) Validate() error {
	errs := []error{
		config.CheckPositive("http-read-header-timeout", l.ReadHeaderTimeout),
		config.CheckPositive("http-read-timeout", l.ReadTimeout),
		config.CheckPositive("http-write-timeout", l.WriteTimeout),
		config.CheckPositive("http-idle-timeout", l.IdleTimeout),
		config.CheckPositive("backend-timeout", l.BackendTimeout),
	}
	if l.MaxBodyBytes < 1 {
		errs = append(errs, fmt.Errorf("--max-body-bytes must be at least 1, got %d", l.MaxBodyBytes))
	}
	if l.MaxHeaderBytes < minHeaderBytes {
		errs = append(errs, fmt.Errorf("--max-header-bytes must be at least %d (a bearer token alone takes one or two KiB), got %d", minHeaderBytes, l.MaxHeaderBytes))
	}
	if l.MaxConnections < 1 {
		errs = append(errs, fmt.Errorf("--max-connections must be at least 1, got %d", l.MaxConnections))
	}
	if l.ReadHeaderTimeout > l.ReadTimeout {
		errs = append(errs, fmt.Errorf("--http-read-header-timeout (%s) must not exceed --http-read-timeout (%s)", l.ReadHeaderTimeout, l.ReadTimeout))
	}
	if l.BackendTimeout >= l.WriteTimeout {
		errs = append(errs, fmt.Errorf("--backend-timeout (%s) must be shorter than --http-write-timeout (%s), or a call that runs out of time could not be answered", l.BackendTimeout, l.WriteTimeout))
	}
	return errors.Join(errs...)
}

// netHTTPHeaderSlack is what net/http reads beyond http.Server's
// MaxHeaderBytes before it answers 431; the server is given the setting
// less this, so that --max-header-bytes is the request head's real limit.
const netHTTPHeaderSlack = 4096

// minHeaderBytes is the smallest --max-header-bytes: room for the slack and
// a request line, a bearer token and the usual headers.
const minHeaderBytes = 2 * netHTTPHeaderSlack

// httpServer is an http.Server for handler with the limits' timeouts.
func (l Limits) httpServer(handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes - netHTTPHeaderSlack,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// listen binds addr, serving at most MaxConnections connections at once.
func (l Limits) listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return netutil.LimitListener(ln, l.MaxConnections), nil
}
