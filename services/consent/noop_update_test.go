package consent_test

import (
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// TestSettingTheSameDirectionWritesNothing checks that asking for the
// direction a connection already has changes nothing: no ledger entry and
// no change-log entry, so no follower or replica is woken.
func TestSettingTheSameDirectionWritesNothing(t *testing.T) {
	h := newHarness(t)
	h.connect(h.alice(), both)
	cases := []struct {
		name      string
		narrowed  bool
		direction typev1.ConsentDirection
	}{
		{"both ways", false, both},
		{"one way, after narrowing", true, oneWay},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.narrowed {
				if _, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: oneWay}); err != nil {
					t.Fatalf("narrowing: %v", err)
				}
			}
			before, events := h.consentRevision(), len(h.events("contoso"))
			r, err := h.consent.UpdateMyConnection(h.alice(), &consentv1.UpdateMyConnectionRequest{Direction: c.direction})
			if err != nil || r.Connection.Direction != c.direction {
				t.Fatalf("the same direction again: %v, %v", r, err)
			}
			if after := h.consentRevision(); after != before {
				t.Errorf("the change log moved from %d to %d", before, after)
			}
			if n := len(h.events("contoso")); n != events {
				t.Errorf("the ledger grew from %d to %d entries", events, n)
			}
		})
	}
}

// consentRevision is the consent revision an answer about alice reflects:
// the newest this replica has applied.
func (h *harness) consentRevision() int64 {
	h.t.Helper()
	r, err := h.consent.GetConsent(h.serviceContext(), &consentv1.GetConsentRequest{Tenant: "contoso", User: "alice"})
	if err != nil {
		h.t.Fatal(err)
	}
	return r.Revision
}
