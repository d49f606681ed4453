package access_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/liaisonhq/liaison/platform/access"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func TestARequestWithoutARuleIsRefused(t *testing.T) {
	refused := errors.New("refused")
	rules := access.Rules{}
	access.Add(rules, func(_ context.Context, req *wrapperspb.StringValue) error {
		if req.Value != "alice" {
			return refused
		}
		return nil
	})
	if err := rules.Check(t.Context(), wrapperspb.String("alice")); err != nil {
		t.Errorf("a request its rule allows: %v", err)
	}
	if err := rules.Check(t.Context(), wrapperspb.String("mallory")); !errors.Is(err, refused) {
		t.Errorf("a request its rule refuses: %v", err)
	}
	if err := rules.Check(t.Context(), wrapperspb.Int64(1)); err == nil {
		t.Error("a request without a rule was let through")
	}
	if err := rules.Check(t.Context(), "not a message"); err == nil {
		t.Error("a request that is no message was let through")
	}
}

func TestMissingNamesTheMethodsWithoutARule(t *testing.T) {
	health := healthpb.File_grpc_health_v1_health_proto.Services().Get(0)
	rules := access.Rules{}
	access.Add(rules, func(context.Context, *healthpb.HealthCheckRequest) error { return nil })
	// Check and Watch take HealthCheckRequest; List takes its own request.
	if got := rules.Missing(health); !slices.Equal(got, []string{"/grpc.health.v1.Health/List"}) {
		t.Errorf("Missing = %v, want List only", got)
	}
	if got := rules.Missing(health, "/grpc.health.v1.Health/List"); len(got) != 0 {
		t.Errorf("Missing, skipping List = %v, want none", got)
	}
}
