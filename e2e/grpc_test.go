package e2e

import (
	"context"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// dialPolicy opens a gRPC connection straight to the policy service,
// bypassing the gateway.
func dialPolicy(t *testing.T) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(sut.policyAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dial policy at %s: %v", sut.policyAddr, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// withBearer returns a context whose calls carry token, as the gateway sends it.
func withBearer(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// TestGRPCAuthentication shows that the service authenticates every call
// itself: a caller that skips the gateway gains nothing.
func TestGRPCAuthentication(t *testing.T) {
	conn := dialPolicy(t)
	policy := policyv1.NewPolicyServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := &policyv1.GetTenantRequest{Tenant: "contoso"}

	t.Run("no token", func(t *testing.T) {
		_, err := policy.GetTenant(ctx, req)
		wantUnauthenticated(t, err)
	})

	t.Run("token signed by another key", func(t *testing.T) {
		stranger, err := newSigningKey()
		if err != nil {
			t.Fatal(err)
		}
		forged := signToken(t, stranger, validClaims("contoso", "admin", roleTenantAdmin))
		_, err = policy.GetTenant(withBearer(ctx, forged), req)
		wantUnauthenticated(t, err)
	})

	t.Run("valid token", func(t *testing.T) {
		token := signToken(t, sut.devKey, validClaims("contoso", "admin", roleTenantAdmin))
		resp, err := policy.GetTenant(withBearer(ctx, token), req)
		if err != nil {
			t.Fatalf("GetTenant with a valid token: %v", err)
		}
		if resp.GetTenant().GetId() != "contoso" || resp.GetTenant().GetCloud() != policyv1.Cloud_PUBLIC {
			t.Errorf("GetTenant = %v, want contoso in PUBLIC", resp.GetTenant())
		}
	})

	t.Run("health needs no token", func(t *testing.T) {
		resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
		if err != nil {
			t.Fatalf("grpc.health.v1 Check: %v", err)
		}
		if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health = %s, want SERVING", resp.GetStatus())
		}
	})
}

// wantUnauthenticated checks a refusal is Unauthenticated with the
// TOKEN_INVALID reason.
func wantUnauthenticated(t *testing.T, err error) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.Unauthenticated {
		t.Fatalf("error = %v, want code Unauthenticated", err)
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			if info.GetReason() != "TOKEN_INVALID" || info.GetDomain() != errorDomain {
				t.Errorf("ErrorInfo = %v, want reason TOKEN_INVALID in %s", info, errorDomain)
			}
			return
		}
	}
	t.Errorf("error %v has no ErrorInfo detail", err)
}
