package e2e

import (
	"context"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	"google.golang.org/grpc/metadata"
)

// failoverLimit is the bound: once the replica that follows policy
// dies, another takes over following within this.
const failoverLimit = 5 * time.Second

// TestFollowingSurvivesItsReplicasDeath runs a second consent replica on the
// same database, then kills the first, which holds the lease to follow
// policy's changes, with no chance to let go. A policy change made after the
// death must still revoke a grant, now through the second replica, within
// the failover bound.
func TestFollowingSurvivesItsReplicasDeath(t *testing.T) {
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "kim")
	connectLinkedIn(t, user.caller, bidirectional)

	second, stop, err := sut.AddReplica("consent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	sut.Kill("consent")
	killed := time.Now()
	t.Cleanup(func() {
		// Later tests reach consent through the gateway, at its address.
		if err := sut.Restart("consent", nil); err != nil {
			t.Fatal(err)
		}
	})

	patchSettings(t, admin, ten.ID, map[string]any{"mode": "DISABLED"})
	client := consentv1.NewConsentServiceClient(grpcConn(t, second))
	token := signToken(t, sut.devKey, validClaims(ten.ID, "admin", "TenantAdmin"))
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
	for {
		got, err := client.GetConsent(ctx, &consentv1.GetConsentRequest{Tenant: ten.ID, User: "kim"})
		if err == nil && got.State == consentv1.ConnectionState_NOT_CONNECTED {
			break
		}
		if time.Since(killed) > failoverLimit+followThroughSlack {
			t.Fatalf("kim still %v (%v) %v after the follower's replica died", got.GetState(), err, time.Since(killed))
		}
		time.Sleep(50 * time.Millisecond)
	}
	took := time.Since(killed)
	t.Logf("revoked through the second replica %v after the first was killed", took.Round(time.Millisecond))
	if took > failoverLimit+followThroughSlack {
		t.Fatalf("took %v", took)
	}
}

// followThroughSlack is what the revocation itself may add to the takeover:
// reading policy's change and committing it.
const followThroughSlack = time.Second
