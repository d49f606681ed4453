package profilecard

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
)

// readProfile reads the person's LinkedIn profile with the viewer's token,
// which consent gives for this read only: it is never kept.
func (s *Service) readProfile(ctx context.Context, who viewer, viewerMember, email string) (profile, error) {
	ctx, cancel := s.limit(ctx)
	defer cancel()
	token, err := s.Consent.GetProviderToken(ctx, &consentv1.GetProviderTokenRequest{Tenant: who.tenant, User: who.user})
	if apierror.HasReason(err, typev1.ErrorReason_NOT_CONNECTED) {
		return profile{}, errNotConnected
	}
	if err != nil {
		return profile{}, err
	}
	person, err := s.Network.Person(ctx, token.AccessToken, email)
	switch {
	case errors.Is(err, linkedin.ErrNoMember):
		return profile{section: &profilecardv1.LinkedInSection{
			State: profilecardv1.LinkedInState_NO_MATCH, Message: "no LinkedIn member has verified this email",
		}}, nil
	case errors.Is(err, linkedin.ErrProfileHidden):
		return profile{section: &profilecardv1.LinkedInSection{
			State:   profilecardv1.LinkedInState_HIDDEN_BY_MEMBER,
			Message: "this person chose not to show their LinkedIn profile in your organization's apps",
		}}, nil
	case err != nil:
		return profile{}, err
	}
	return shownProfile(person, viewerMember, time.Now()), nil
}

// shownProfile is the card's LinkedIn section of a person, with where
// each shown field came from.
func shownProfile(p *linkedin.Person, viewerMember string, fetched time.Time) profile {
	degree := int32(p.Degree)
	if p.ID == viewerMember {
		degree = 0
	}
	section := &profilecardv1.LinkedInSection{
		State: profilecardv1.LinkedInState_SHOWN, MemberId: p.ID,
		DisplayName: strings.TrimSpace(p.FirstName + " " + p.LastName), Headline: p.Headline,
		PositionTitle: p.PositionTitle, Company: p.Company, Location: p.Location, PhotoUrl: webURL(p.PhotoURL),
		PublicProfileUrl: webURL(p.PublicProfileURL), ConnectionDegree: degree,
	}
	var prov provenance
	prov.fields(profilecardv1.Source_LINKEDIN, fetched, []field{
		{"linkedin.display_name", section.DisplayName != ""}, {"linkedin.headline", p.Headline != ""},
		{"linkedin.position_title", p.PositionTitle != ""}, {"linkedin.company", p.Company != ""},
		{"linkedin.location", p.Location != ""}, {"linkedin.photo_url", section.PhotoUrl != ""},
		{"linkedin.public_profile_url", section.PublicProfileUrl != ""}, {"linkedin.connection_degree", true},
	})
	return profile{section: section, prov: prov.entries, member: p.ID}
}

// webURL is raw when it is an absolute http or https URL, else "": the
// network's links reach browsers, which must never be handed a
// javascript: or data: URL.
func webURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return raw
}
