package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// afterOutage bounds how long LinkedIn's steps take once LinkedIn is back:
// the job queue's retry interval had grown while it failed.
const afterOutage = 30 * time.Second

// TestLinkedInOutageNeverHoldsRevocationUp is the privacy rule: consent
// never outlives its withdrawal. With LinkedIn's revoke and contact
// deletion failing, every revocation takes effect here at once, the policy
// stream goes on, and a user's disconnect answers with LinkedIn's steps
// PENDING; once LinkedIn is back they are done.
func TestLinkedInOutageNeverHoldsRevocationUp(t *testing.T) {
	off, offAdmin := newTenant(t, "US")
	other, otherAdmin := newTenant(t, "US")
	ann := newLinkedInUser(t, offAdmin, off.ID, "ann")
	ben := newLinkedInUser(t, offAdmin, off.ID, "ben")
	olga := newLinkedInUser(t, otherAdmin, other.ID, "olga")
	mia := newLinkedInUser(t, otherAdmin, other.ID, "mia")
	createGroup(t, otherAdmin, other.ID, "pilot", "users/mia")
	connectLinkedIn(t, ann.caller, bidirectional)
	connectLinkedIn(t, ben.caller, linkedinToOrganization)
	connectLinkedIn(t, olga.caller, bidirectional)
	connectLinkedIn(t, mia.caller, bidirectional)
	for _, u := range []linkedinUser{ann, mia} {
		simImportContacts(t, u.memberID, simContact{FirstName: "Kim", Emails: []string{"kim@example.com"}})
	}
	simFailPaths(t, "/oauth/v2/revoke,/v2/contactImports")

	t.Run("tenant set to No revokes every grant at once", func(t *testing.T) {
		patchSettings(t, offAdmin, off.ID, map[string]any{"mode": "DISABLED"})
		for _, user := range []string{"ann", "ben"} {
			wantConsentWithdrawn(t, offAdmin, off.ID, user)
			waitForEvent(t, offAdmin, off.ID, user+" REVOKED DISABLED_BY_TENANT by service:consent")
		}
		// LinkedIn still holds the grant: its steps wait, shown to the user.
		if got := simTokens(t, ann.memberID); got == (simTokenCounts{}) {
			t.Errorf("LinkedIn holds no token for ann during its outage: the outage is not real")
		}
		wantPendingSteps(t, ann.caller, "DELETE_IMPORTED_CONTACTS", "REVOKE_TOKENS")
		wantPendingSteps(t, ben.caller, "REVOKE_TOKENS")
	})

	t.Run("a later change of another tenant is still followed", func(t *testing.T) {
		patchSettings(t, otherAdmin, other.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
		wantConsentWithdrawn(t, otherAdmin, other.ID, "olga")
		waitForEvent(t, otherAdmin, other.ID, "olga REVOKED NOT_IN_SELECTED_GROUP by service:consent")
	})

	var receipt outageReceipt
	t.Run("a user's own disconnect revokes at once, LinkedIn's steps pending", func(t *testing.T) {
		mia.ok(t, "POST", myConnection+":disconnect", map[string]any{}, &receipt)
		if !receipt.GrantRevoked || receipt.MemberID != mia.memberID || receipt.ProviderTokensRevoked || len(receipt.Warnings) == 0 {
			t.Errorf("receipt = %+v, want the grant revoked, the tokens not yet, and warnings saying so", receipt)
		}
		if got := stepStates(receipt.RemoteSteps); got != "DELETE_IMPORTED_CONTACTS PENDING, REVOKE_TOKENS PENDING" {
			t.Errorf("receipt's remote steps: %s", got)
		}
		for _, s := range receipt.RemoteSteps {
			if s.Attempts < 1 || s.LastError == "" {
				t.Errorf("receipt's step %+v, want at least one attempt and the last error", s)
			}
		}
		wantNotConnected(t, mia.caller)
		wantConsentWithdrawn(t, otherAdmin, other.ID, "mia")
		wantPendingSteps(t, mia.caller, "DELETE_IMPORTED_CONTACTS", "REVOKE_TOKENS")
	})

	t.Run("the steps count every attempt while LinkedIn fails", func(t *testing.T) {
		if len(receipt.RemoteSteps) == 0 {
			t.Skip("no receipt to compare with")
		}
		eventually(t, followThrough, "more attempts than the receipt's", func() (bool, string) {
			steps := connectionSteps(t, mia.caller)
			return len(steps) > 0 && steps[0].Attempts > receipt.RemoteSteps[0].Attempts,
				fmt.Sprintf("receipt %d attempts, connection %s", receipt.RemoteSteps[0].Attempts, jsonText(steps))
		})
	})

	t.Run("once LinkedIn is back the steps are done", func(t *testing.T) {
		simClearFaults(t)
		for _, u := range []linkedinUser{ann, ben, olga, mia} {
			eventually(t, afterOutage, u.caller.name+"'s steps at LinkedIn done", func() (bool, string) {
				steps := connectionSteps(t, u.caller)
				tokens := simTokens(t, u.memberID)
				imports := simImportedContacts(t, u.memberID)
				return len(steps) == 0 && tokens == (simTokenCounts{}) && imports == 0,
					fmt.Sprintf("pending %s, LinkedIn holds %+v and %d imported contacts", jsonText(steps), tokens, imports)
			})
		}
	})
}

// outageStep is a step at LinkedIn as the API shows it.
type outageStep struct {
	Kind      string `json:"kind"`
	State     string `json:"state"`
	Attempts  int32  `json:"attempts"`
	LastError string `json:"lastError"`
}

// outageReceipt is the disconnect receipt with its steps at LinkedIn.
type outageReceipt struct {
	disconnectReceipt
	RemoteSteps []outageStep `json:"remoteSteps"`
}

// connectionSteps are the steps at LinkedIn c's connection shows pending.
func connectionSteps(t *testing.T, c caller) []outageStep {
	t.Helper()
	var got struct {
		PendingRemoteSteps []outageStep `json:"pendingRemoteSteps"`
	}
	c.ok(t, "GET", myConnection, nil, &got)
	return got.PendingRemoteSteps
}

// wantPendingSteps fails unless c's connection shows exactly those steps
// pending, in that order.
func wantPendingSteps(t *testing.T, c caller, kinds ...string) {
	t.Helper()
	want := ""
	for i, k := range kinds {
		if i > 0 {
			want += ", "
		}
		want += k + " PENDING"
	}
	if got := stepStates(connectionSteps(t, c)); got != want {
		t.Errorf("%s's connection shows steps %q, want %q", c.name, got, want)
	}
}

// stepStates reads steps as "KIND STATE, ...".
func stepStates(steps []outageStep) string {
	s := ""
	for i, step := range steps {
		if i > 0 {
			s += ", "
		}
		s += step.Kind + " " + step.State
	}
	return s
}

// wantConsentWithdrawn waits, within the follow-through bound, until
// GetConsent, the profile card's question, says user is not connected.
func wantConsentWithdrawn(t *testing.T, admin caller, tenant, user string) {
	t.Helper()
	client := consentv1.NewConsentServiceClient(grpcConn(t, sut.consentAddr))
	eventually(t, followThrough, "GetConsent of "+user+" NOT_CONNECTED", func() (bool, string) {
		ctx, cancel := context.WithTimeout(withBearer(context.Background(), admin.token), 5*time.Second)
		defer cancel()
		got, err := client.GetConsent(ctx, &consentv1.GetConsentRequest{Tenant: tenant, User: user})
		if err != nil {
			return false, err.Error()
		}
		return got.State == consentv1.ConnectionState_NOT_CONNECTED, got.State.String()
	})
}
