package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/platform/logging"
	"github.com/liaisonhq/liaison/platform/telemetry"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// BenchmarkCheckAccess is one CheckAccess call through the gateway's whole
// handler as the gateway serves it (access log, request id, trace context,
// checks, the call to a policy service on loopback, the JSON answer), for
// its time and allocations; `make bench` measures the gateway against a
// plain gRPC echo and a stock grpc-gateway, process against process.
func BenchmarkCheckAccess(b *testing.B) {
	if _, err := telemetry.Setup(context.Background(), telemetry.Config{}); err != nil {
		b.Fatal(err)
	}
	addr := apitest.ServeGRPC(b, func(srv *grpc.Server) {
		policyv1.RegisterPolicyServiceServer(srv, decidingPolicy{})
	})
	conns := map[string]*grpc.ClientConn{}
	for _, be := range backends {
		conn, err := dial(addr, Defaults().Limits.BackendTimeout, false, insecure.NewCredentials())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = conn.Close() })
		conns[be.name] = conn
	}
	logger, err := logging.New(io.Discard, "info", "gateway")
	if err != nil {
		b.Fatal(err)
	}
	h, err := newHandler(context.Background(), testSettings(), conns, nil, logger)
	if err != nil {
		b.Fatal(err)
	}
	const body = `{"capability":"ACCOUNT_CONNECTION","surface":"WEB"}`
	b.ReportAllocs()
	// Calls overlap, as the bench's 16 callers do, so the time per call is
	// the CPUs' time, not a round trip's.
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("POST", "/v1/tenants/contoso/users/alice:checkAccess", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer token")
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Errorf("%d %s", rec.Code, rec.Body)
				return
			}
		}
	})
}

// decidingPolicy allows everyone everything.
type decidingPolicy struct {
	policyv1.UnimplementedPolicyServiceServer
}

func (decidingPolicy) CheckAccess(context.Context, *policyv1.CheckAccessRequest) (*policyv1.CheckAccessResponse, error) {
	return &policyv1.CheckAccessResponse{Allowed: true, Reason: policyv1.AccessReason_ALLOWED, Message: "Allowed.", Revision: 7}, nil
}
