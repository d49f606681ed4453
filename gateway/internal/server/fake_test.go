package server

import (
	"context"
	"slices"
	"sync"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
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

// fakeBackend is a fake policy service listening on a random local port, with
// its health status, that remembers the method of every call it receives.
// Consent is registered unimplemented, so that a call to it is seen too;
// consent's routes are tested in consentweb.
type fakeBackend struct {
	addr   string
	policy *fakePolicy
	health *health.Server

	mu      sync.Mutex
	methods []string
}

func startBackend(t *testing.T) *fakeBackend {
	t.Helper()
	b := &fakeBackend{policy: &fakePolicy{}, health: health.NewServer()}
	b.addr = apitest.ServeGRPC(t, func(srv *grpc.Server) {
		policyv1.RegisterPolicyServiceServer(srv, b.policy)
		consentv1.RegisterConsentServiceServer(srv, consentv1.UnimplementedConsentServiceServer{})
		healthpb.RegisterHealthServer(srv, b.health)
	}, grpc.UnaryInterceptor(b.record))
	return b
}

// record is a server interceptor: it remembers the call's method.
func (b *fakeBackend) record(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	b.mu.Lock()
	b.methods = append(b.methods, info.FullMethod)
	b.mu.Unlock()
	return handler(ctx, req)
}

// calls are the methods of the calls received so far, in order.
func (b *fakeBackend) calls() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.methods)
}
