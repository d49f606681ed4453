package policy_test

import (
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// BenchmarkCheckAccess measures one decision over loopback gRPC through the
// full interceptor chain, with 8 callers per core. It is for profiling
// (-cpuprofile); `make bench` compares against a plain echo, in separate
// processes.
func BenchmarkCheckAccess(b *testing.B) {
	h := newHarness(b)
	ctx := h.admin()
	req := &policyv1.CheckAccessRequest{Tenant: "contoso", User: "alice", Capability: policyv1.Capability_ACCOUNT_CONNECTION}
	if _, err := h.client.CheckAccess(ctx, req); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := h.client.CheckAccess(ctx, req); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
