package profilecard_test

import (
	"net/http"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// A viewer of the matrix: in the selected group or not, with no consent,
// one way or both ways.
type matrixViewer struct {
	id      string
	inGroup bool
	consent string // "none", "one", "both"
}

var matrixViewers = []matrixViewer{
	{"in-none", true, "none"}, {"in-one", true, "one"}, {"in-both", true, "both"},
	{"out-none", false, "none"}, {"out-one", false, "one"}, {"out-both", false, "both"},
}

// The targets: a visible member (in the directory), a member who hides
// their profile, and an email no member has verified.
const (
	visibleTarget = "bob@contoso.com"
	hiddenTarget  = "hider@fabrikam.com"
	noneTarget    = "nobody@fabrikam.com"
)

// expectedState is the decision the product promises, written from the
// issue's rules and independent of the service's code: the viewer's policy
// first (cloud, tenant setting, group, the client policy on the desktop),
// then consent, then the person.
func expectedState(gov bool, mode policyv1.LinkedInSettings_Mode, client policyv1.ClientPolicy_Setting,
	surface profilecardv1.Surface, v matrixViewer, target string) profilecardv1.LinkedInState {
	switch {
	case gov:
		return profilecardv1.LinkedInState_UNAVAILABLE_IN_CLOUD
	case mode == policyv1.LinkedInSettings_DISABLED:
		return profilecardv1.LinkedInState_DISABLED_BY_TENANT
	case mode == policyv1.LinkedInSettings_SELECTED_GROUP && !v.inGroup:
		return profilecardv1.LinkedInState_NOT_IN_SELECTED_GROUP
	case surface == profilecardv1.Surface_DESKTOP && client == policyv1.ClientPolicy_DISABLED:
		return profilecardv1.LinkedInState_DISABLED_BY_CLIENT_POLICY
	case v.consent == "none":
		return profilecardv1.LinkedInState_CONSENT_REQUIRED
	case target == hiddenTarget:
		return profilecardv1.LinkedInState_HIDDEN_BY_MEMBER
	case target == noneTarget:
		return profilecardv1.LinkedInState_NO_MATCH
	default:
		return profilecardv1.LinkedInState_SHOWN
	}
}

// TestDecisionMatrix checks every combination of tenant mode, group
// membership, client policy, surface, consent, member visibility and match
// (and the government cloud) against expectedState, through batches.
func TestDecisionMatrix(t *testing.T) {
	h := newHarness(t)
	h.setupMatrix()
	modes := []policyv1.LinkedInSettings_Mode{
		// In this order: a mode that withdraws consent (out of the group,
		// No) comes after those that need it.
		policyv1.LinkedInSettings_ENABLED, policyv1.LinkedInSettings_SELECTED_GROUP, policyv1.LinkedInSettings_DISABLED,
	}
	clients := []policyv1.ClientPolicy_Setting{policyv1.ClientPolicy_NOT_CONFIGURED, policyv1.ClientPolicy_ENABLED, policyv1.ClientPolicy_DISABLED}
	surfaces := []profilecardv1.Surface{profilecardv1.Surface_WEB, profilecardv1.Surface_DESKTOP, profilecardv1.Surface_MOBILE}
	targets := []string{visibleTarget, hiddenTarget, noneTarget}
	checked := 0
	for _, mode := range modes {
		group := ""
		if mode == policyv1.LinkedInSettings_SELECTED_GROUP {
			group = "pilot"
		}
		h.setTenant(mode, group)
		for _, client := range clients {
			h.setClientPolicy(client)
			for _, surface := range surfaces {
				for _, v := range matrixViewers {
					resp, err := h.cards.BatchGetProfileCards(h.user(v.id), &profilecardv1.BatchGetProfileCardsRequest{Targets: targets, Surface: surface})
					if err != nil {
						t.Fatalf("%s %s %s %s: %v", mode, client, surface, v.id, err)
					}
					for i, target := range targets {
						got, want := resp.Cards[i].Linkedin, expectedState(false, mode, client, surface, v, target)
						checked++
						if got.State != want || (want != shown) != (got.Headline == "") {
							t.Errorf("mode %s, client policy %s, %s, viewer %s, target %s: %s %q, want %s",
								mode, client, surface, v.id, target, got.State, got.Headline, want)
						}
					}
				}
			}
		}
	}
	// The government cloud offers no LinkedIn, whatever else holds.
	gov := h.as("gov", "g-viewer")
	for _, surface := range surfaces {
		resp, err := h.cards.BatchGetProfileCards(gov, &profilecardv1.BatchGetProfileCardsRequest{Targets: targets, Surface: surface})
		if err != nil {
			t.Fatal(err)
		}
		for i, target := range targets {
			checked++
			if got, want := resp.Cards[i].Linkedin.State, expectedState(true, 0, 0, surface, matrixViewer{}, target); got != want {
				t.Errorf("gov viewer, %s, %s: %s, want %s", surface, target, got, want)
			}
		}
	}
	if checked != 3*3*3*6*3+3*3 {
		t.Errorf("checked %d combinations", checked)
	}
}

// setupMatrix makes the viewers (directory users, LinkedIn members, the
// group), the hiding member, a government viewer, and connects those with
// consent while the tenant allows everyone.
func (h *harness) setupMatrix() {
	h.t.Helper()
	h.setTenant(policyv1.LinkedInSettings_ENABLED, "")
	for _, v := range matrixViewers {
		email := v.id + "@contoso.com"
		if _, err := h.policy.CreateUser(h.admin(), &policyv1.CreateUserRequest{Tenant: "contoso", User: &policyv1.User{
			Id: v.id, Email: email, DisplayName: "Viewer " + v.id,
		}}); err != nil {
			h.t.Fatal(err)
		}
		if v.inGroup {
			if _, err := h.policy.AddGroupMember(h.admin(), &policyv1.AddGroupMemberRequest{Tenant: "contoso", Group: "pilot", Member: "users/" + v.id}); err != nil {
				h.t.Fatal(err)
			}
		}
		h.sim.Call(http.MethodPost, "/sim/members", map[string]any{
			"id": "m-" + v.id, "verifiedEmails": []string{email}, "firstName": "Viewer", "lastName": v.id,
			"visibleInMicrosoftApps": true,
		}, http.StatusCreated, nil)
		switch v.consent {
		case "one":
			h.connect(v.id, oneWay)
		case "both":
			h.connect(v.id, bothWays)
		}
	}
	h.sim.Call(http.MethodPost, "/sim/members", map[string]any{
		"id": "m-hider", "verifiedEmails": []string{hiddenTarget}, "firstName": "Hidden", "lastName": "Member",
		"headline": "Private person", "visibleInMicrosoftApps": false,
	}, http.StatusCreated, nil)
	govAdmin := h.as("gov", "admin", auth.RoleTenantAdmin)
	if _, err := h.policy.CreateUser(govAdmin, &policyv1.CreateUserRequest{Tenant: "gov", User: &policyv1.User{
		Id: "g-viewer", Email: "g-viewer@gov.contoso.com", DisplayName: "Gov viewer",
	}}); err != nil {
		h.t.Fatal(err)
	}
}

// setClientPolicy sets contoso's tenant-wide client policy.
func (h *harness) setClientPolicy(setting policyv1.ClientPolicy_Setting) {
	h.t.Helper()
	_, err := h.policy.UpdateClientPolicy(h.admin(), &policyv1.UpdateClientPolicyRequest{
		Tenant: "contoso", Policy: &policyv1.ClientPolicy{Setting: setting},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"setting"}},
	})
	if err != nil {
		h.t.Fatalf("UpdateClientPolicy(%s): %v", setting, err)
	}
}
