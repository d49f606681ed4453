// Package health answers the liveness and readiness probes.
package health

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkTimeout bounds a readiness check, so a hung service fails the probe
// instead of hanging it.
const checkTimeout = 2 * time.Second

// Dependency is a gRPC service the gateway needs to be ready.
type Dependency struct {
	Name   string
	Health healthpb.HealthClient
}

// Live answers 200 while the process serves HTTP. It checks nothing else, so
// a slow dependency never gets the gateway restarted.
func Live(w http.ResponseWriter, _ *http.Request) {
	jsonapi.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Ready answers 200 when every dependency reports SERVING in grpc.health.v1
// (whole-server status, service ""), else 503 with each one's status.
func Ready(draining *atomic.Bool, deps ...Dependency) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// A gateway shutting down says so first, while it still answers,
		// so load balancers stop sending to it before it stops listening.
		if draining.Load() {
			jsonapi.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
		defer cancel()
		body := map[string]string{"status": "ok"}
		code := http.StatusOK
		for _, d := range deps {
			state := check(ctx, d.Health)
			body[d.Name] = state
			if state != healthpb.HealthCheckResponse_SERVING.String() {
				body["status"] = "unavailable"
				code = http.StatusServiceUnavailable
			}
		}
		jsonapi.WriteJSON(w, code, body)
	}
}

func check(ctx context.Context, c healthpb.HealthClient) string {
	resp, err := c.Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		return status.Code(err).String() // Unavailable, Unimplemented, ...
	}
	return resp.GetStatus().String()
}
