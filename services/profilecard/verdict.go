package profilecard

import (
	"context"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// verdict is whether the viewer may see LinkedIn data at all, the same for
// every person they look up.
type verdict struct {
	// denied is the LinkedIn section every card gets; nil when allowed.
	denied *profilecardv1.LinkedInSection
	// member is the viewer's LinkedIn member id, when allowed.
	member string
}

// verdictFor asks policy and consent about the viewer, in parallel, after
// the read barrier: their answers reflect every change committed before
// the lookup began. Whatever cannot be answered denies (fail closed).
func (s *Service) verdictFor(ctx context.Context, who viewer, surface policyv1.Surface) verdict {
	if err := s.views.fresh(ctx); err != nil {
		s.warn(ctx, "policy or consent cannot show that this replica is current; no LinkedIn data is shown", "error", err)
		return verdict{denied: unavailable("the organization's policy or your consent could not be confirmed just now")}
	}
	// Consent is asked beside policy; a kept answer needs no goroutine.
	consent, consentKept := s.views.consents.peek(who, s.views.consentChanges.since(who.tenant))
	var consentErr error
	consentDone := make(chan struct{})
	if consentKept {
		close(consentDone)
	} else {
		go func() {
			defer close(consentDone)
			consent, consentErr = s.views.consentOf(ctx, who)
		}()
	}
	decision, policyErr := s.views.decision(ctx, who, surface)
	<-consentDone
	switch {
	case policyErr != nil:
		s.warn(ctx, "policy could not decide; no LinkedIn data is shown", "error", policyErr)
		return verdict{denied: unavailable("the organization's policy could not be read just now")}
	case !decision.Allowed:
		return verdict{denied: &profilecardv1.LinkedInSection{State: policyState(decision.Reason), Message: decision.Message}}
	case consentErr != nil:
		s.warn(ctx, "consent could not answer; no LinkedIn data is shown", "error", consentErr)
		return verdict{denied: unavailable("your LinkedIn connection could not be read just now")}
	case consent.State != consentv1.ConnectionState_CONNECTED:
		return verdict{denied: s.consentRequired()}
	}
	return verdict{member: consent.MemberId}
}

// consentRequired is the first-click prompt: connect to see LinkedIn here.
func (s *Service) consentRequired() *profilecardv1.LinkedInSection {
	return &profilecardv1.LinkedInSection{
		State: profilecardv1.LinkedInState_CONSENT_REQUIRED, ConnectUrl: s.ConnectURL,
		Message: "connect your LinkedIn account to see LinkedIn information on profile cards",
	}
}

// unavailable is the section when a dependency cannot answer.
func unavailable(why string) *profilecardv1.LinkedInSection {
	return &profilecardv1.LinkedInSection{
		State: profilecardv1.LinkedInState_TEMPORARILY_UNAVAILABLE, Message: why + "; try again in a moment",
	}
}

// policyState is the card's state for policy's reason to deny.
func policyState(reason policyv1.AccessReason) profilecardv1.LinkedInState {
	switch reason {
	case policyv1.AccessReason_UNAVAILABLE_IN_CLOUD:
		return profilecardv1.LinkedInState_UNAVAILABLE_IN_CLOUD
	case policyv1.AccessReason_NOT_IN_SELECTED_GROUP:
		return profilecardv1.LinkedInState_NOT_IN_SELECTED_GROUP
	case policyv1.AccessReason_DISABLED_BY_CLIENT_POLICY:
		return profilecardv1.LinkedInState_DISABLED_BY_CLIENT_POLICY
	case policyv1.AccessReason_USER_NOT_FOUND:
		return profilecardv1.LinkedInState_VIEWER_NOT_IN_DIRECTORY
	default: // DISABLED_BY_TENANT, and any reason newer than this service
		return profilecardv1.LinkedInState_DISABLED_BY_TENANT
	}
}
