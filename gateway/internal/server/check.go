package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"google.golang.org/grpc/credentials"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// checkTimeout bounds each of check's questions.
const checkTimeout = 5 * time.Second

// Check asks a running system whether it serves, with the gateway's own
// settings: the gateway at --http-addr (a host-less address means this
// host) whether it is ready, and each service at its backend address
// whether its gRPC health says SERVING. The Helm chart's test pod runs it
// (the images hold no shell or curl). Every failure is reported.
func Check(ctx context.Context, s *Settings, logger *slog.Logger) error {
	transport, err := s.TLS.ClientTransport()
	if err != nil {
		return err
	}
	var errs []error
	url := "http://" + checkHost(s.HTTPAddr) + "/readyz"
	if err := checkHTTP(ctx, url); err != nil {
		errs = append(errs, fmt.Errorf("gateway %s: %w", url, err))
	} else {
		logger.Info("ready", "gateway", url)
	}
	for _, b := range backends {
		addr := s.BackendAddrs[b.name]
		if err := checkGRPC(ctx, addr, transport); err != nil {
			errs = append(errs, fmt.Errorf("%s at %s: %w", b.name, addr, err))
		} else {
			logger.Info("serving", "service", b.name, "addr", addr)
		}
	}
	return errors.Join(errs...)
}

// checkHost is addr with a host: this host's when it names none.
func checkHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "" {
		return addr
	}
	return net.JoinHostPort("localhost", port)
}

func checkHTTP(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("answered %s", resp.Status)
	}
	return nil
}

func checkGRPC(ctx context.Context, addr string, transport credentials.TransportCredentials) error {
	conn, err := dial(addr, checkTimeout, false, transport)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		return err
	}
	if resp.Status != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("health is %s", resp.Status)
	}
	return nil
}
