package server

import (
	"context"
	"net"
	"sync"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// fakePolicy is a PolicyService that knows tenant contoso, refuses tenant
// frozen with FailedPrecondition, and remembers the metadata of the last call.
type fakePolicy struct {
	policyv1.UnimplementedPolicyServiceServer
	mu sync.Mutex
	md metadata.MD
}

func (f *fakePolicy) GetTenant(ctx context.Context, req *policyv1.GetTenantRequest) (*policyv1.GetTenantResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	f.md = md
	f.mu.Unlock()
	switch req.GetTenant() {
	case "contoso":
		return &policyv1.GetTenantResponse{Tenant: &policyv1.Tenant{
			Id: "contoso", DisplayName: "Contoso", Cloud: policyv1.Cloud_PUBLIC, DataLocation: "US",
		}}, nil
	case "frozen":
		st, _ := status.New(codes.FailedPrecondition, "tenant is being deleted").WithDetails(
			&errdetails.ErrorInfo{Reason: typev1.ErrorReason_RESOURCE_IN_USE.String(), Domain: "liaison.dev"})
		return nil, st.Err()
	}
	return nil, status.Error(codes.NotFound, "no such tenant")
}

func (f *fakePolicy) lastMetadata() metadata.MD {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.md
}

// backend is a fake policy and consent service listening on a random local
// port, with one health status for both.
type backend struct {
	addr    string
	policy  *fakePolicy
	consent *fakeConsent
	health  *health.Server
}

func startBackend(t *testing.T) *backend {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &backend{addr: ln.Addr().String(), policy: &fakePolicy{}, consent: &fakeConsent{}, health: health.NewServer()}
	srv := grpc.NewServer()
	policyv1.RegisterPolicyServiceServer(srv, b.policy)
	consentv1.RegisterConsentServiceServer(srv, b.consent)
	healthpb.RegisterHealthServer(srv, b.health)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	return b
}
