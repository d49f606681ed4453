package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/liaisonhq/liaison/gateway/internal/profiling"
)

// listenDebug binds the runtime profiles' server on addr (--debug-addr),
// apart from the API's: no route of the API reaches it. Serve starts it
// (serveDebug), close stops it.
func (s *Server) listenDebug(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--debug-addr: %w", err)
	}
	s.debug, s.debugLn = profiling.Server(), ln
	s.closers = append(s.closers, func(context.Context) error {
		err := s.debug.Close()
		// Close has closed it already if Serve had started.
		if lerr := ln.Close(); !errors.Is(lerr, net.ErrClosed) {
			err = errors.Join(err, lerr)
		}
		return err
	})
	return nil
}

// serveDebug serves the profiles, if asked to, until close.
func (s *Server) serveDebug() {
	if s.debug == nil {
		return
	}
	s.logger.Info("runtime profiles served on loopback", "debug_addr", s.debugLn.Addr().String())
	go func() {
		if err := s.debug.Serve(s.debugLn); !errors.Is(err, http.ErrServerClosed) {
			s.logger.Warn("runtime profiles server stopped", "error", err)
		}
	}()
}
