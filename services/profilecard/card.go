package profilecard

import (
	"context"
	"errors"
	"strings"

	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"golang.org/x/sync/errgroup"
)

// parallelTargets bounds the people of one batch looked up at once.
const parallelTargets = 8

// GetProfileCard returns the caller's card of one person.
func (s *Service) GetProfileCard(ctx context.Context, req *profilecardv1.GetProfileCardRequest) (*profilecardv1.GetProfileCardResponse, error) {
	cards := s.cards(ctx, caller(ctx), []string{req.Target}, req.Surface)
	return &profilecardv1.GetProfileCardResponse{Card: cards[0]}, nil
}

// BatchGetProfileCards returns the caller's cards of up to 100 people. The
// viewer's policy and consent are asked once for all of them.
func (s *Service) BatchGetProfileCards(ctx context.Context, req *profilecardv1.BatchGetProfileCardsRequest) (*profilecardv1.BatchGetProfileCardsResponse, error) {
	return &profilecardv1.BatchGetProfileCardsResponse{Cards: s.cards(ctx, caller(ctx), req.Targets, req.Surface)}, nil
}

// caller is the viewer: the access rules let only users of a tenant in.
func caller(ctx context.Context) viewer {
	p := auth.FromContext(ctx)
	return viewer{tenant: p.Tenant, user: p.Subject}
}

// cards builds one card per target: the viewer's verdict (once, after the
// read barrier), then each person's directory facts and the LinkedIn
// section the verdict allows.
func (s *Service) cards(ctx context.Context, who viewer, targets []string, surface profilecardv1.Surface) []*profilecardv1.ProfileCard {
	// The verdict passes the read barrier first, so the directory's
	// entries are judged against every change committed before the lookup.
	// Each phase has the lookup's time limit: a dependency that hangs the
	// verdict leaves the directory its own time.
	verdictCtx, cancelVerdict := s.limit(ctx)
	v := s.verdictFor(verdictCtx, who, policyv1.Surface(surface))
	cancelVerdict()
	ctx, cancel := s.limit(ctx)
	defer cancel()
	if len(targets) == 1 { // the common lookup: no goroutines
		card := s.directoryCard(ctx, who, targets[0])
		s.addLinkedIn(ctx, who, v, card)
		return []*profilecardv1.ProfileCard{card}
	}
	cards := make([]*profilecardv1.ProfileCard, len(targets))
	each(len(targets), func(i int) {
		cards[i] = s.directoryCard(ctx, who, targets[i])
		s.addLinkedIn(ctx, who, v, cards[i])
	})
	return cards
}

// each runs fn for 0..n-1, a few at once.
func each(n int, fn func(i int)) {
	var g errgroup.Group
	g.SetLimit(parallelTargets)
	for i := range n {
		g.Go(func() error { fn(i); return nil })
	}
	_ = g.Wait() // fn returns no errors
}

// directoryCard starts a card with the directory's facts. When the
// directory cannot answer, the card says so in its LinkedIn section too:
// without the person's email nothing can be looked up.
func (s *Service) directoryCard(ctx context.Context, who viewer, target string) *profilecardv1.ProfileCard {
	c := &profilecardv1.ProfileCard{Target: target}
	entry, err := s.directoryOf(ctx, who, target)
	switch {
	case err != nil:
		s.warn(ctx, "the directory could not be read", "error", err)
		var prov provenance
		c.Directory, c.Provenance = outsideDirectory(target, &prov), prov.entries
		c.Linkedin = unavailable("the directory could not be read just now")
	case entry.section != nil:
		// Shared with other cards: the card appends to a copy of prov.
		c.Directory, c.Provenance = entry.section, entry.prov[:len(entry.prov):len(entry.prov)]
	default:
		var prov provenance
		c.Directory = outsideDirectory(target, &prov)
		s.addOwnContact(ctx, who, c.Directory, &prov)
		c.Provenance = prov.entries
	}
	return c
}

// addLinkedIn fills the card's LinkedIn section as the verdict and the
// person allow.
func (s *Service) addLinkedIn(ctx context.Context, who viewer, v verdict, c *profilecardv1.ProfileCard) {
	switch {
	case c.Linkedin != nil: // the directory failed
		return
	case v.denied != nil:
		c.Linkedin = v.denied
		return
	case c.Directory.Email == "":
		c.Linkedin = &profilecardv1.LinkedInSection{
			State: profilecardv1.LinkedInState_NO_MATCH, Message: "no user " + c.Target + " in your organization's directory",
		}
		return
	}
	key := profileKey{tenant: who.tenant, user: who.user, member: v.member, email: strings.ToLower(c.Directory.Email)}
	found, err := s.profiles.lookup(ctx, key, s.members.current(), func(ctx context.Context) (profile, error) {
		return s.readProfile(ctx, who, v.member, c.Directory.Email)
	})
	switch {
	case errors.Is(err, errNotConnected):
		c.Linkedin = s.consentRequired()
	case err != nil:
		s.warn(ctx, "LinkedIn could not be read", "error", err)
		c.Linkedin = unavailable("LinkedIn could not be reached just now")
	default:
		c.Linkedin = found.section
		c.Provenance = append(c.Provenance, found.prov...)
	}
}

// errNotConnected is a read refused because the viewer disconnected since
// the verdict.
var errNotConnected = errors.New("the viewer is not connected")
