package decision

import (
	"slices"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/protobuf/proto"
)

// offByDefault lists the data locations where LinkedIn connections start
// switched off (their regulators' expectations; seed 003 lists them among the
// locations the original did not serve).
var offByDefault = []string{"DE", "FR"}

// Available reports whether the tenant's cloud offers LinkedIn connections:
// only the public cloud does (seeds 000, 003).
func Available(t *policyv1.Tenant) bool { return t.GetCloud() == policyv1.Cloud_PUBLIC }

// DefaultMode is the LinkedIn setting a tenant starts with.
func DefaultMode(t *policyv1.Tenant) policyv1.LinkedInSettings_Mode {
	if slices.Contains(offByDefault, t.GetDataLocation()) {
		return policyv1.LinkedInSettings_DISABLED
	}
	return policyv1.LinkedInSettings_ENABLED
}

// ResolveLinkedIn fills the defaults into stored settings and says where each
// value came from. The stored message is not changed.
func ResolveLinkedIn(t *policyv1.Tenant, stored *policyv1.LinkedInSettings) *policyv1.LinkedInSettings {
	s := proto.Clone(stored).(*policyv1.LinkedInSettings)
	s.Available = Available(t)
	s.ModeSource, s.MaxConsentDirectionSource = typev1.ValueSource_ADMIN, typev1.ValueSource_ADMIN
	if s.Mode == policyv1.LinkedInSettings_MODE_UNSPECIFIED {
		s.Mode, s.ModeSource = DefaultMode(t), typev1.ValueSource_DEFAULT
	}
	if s.MaxConsentDirection == typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED {
		s.MaxConsentDirection, s.MaxConsentDirectionSource = typev1.ConsentDirection_BIDIRECTIONAL, typev1.ValueSource_DEFAULT
	}
	return s
}
