package linkedinsim

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Member is a LinkedIn member as the simulator stores it, and as the admin
// API shows it.
type Member struct {
	// ID is the member's stable id, such as "m-alice".
	ID string `json:"id"`
	// VerifiedEmails are the addresses the member has proven to own: they
	// sign the member in (login_hint) and find the profile (/v2/people).
	VerifiedEmails []string `json:"verifiedEmails"`
	FirstName      string   `json:"firstName"`
	LastName       string   `json:"lastName"`
	Headline       string   `json:"headline"`
	// Position is the member's current job.
	Position         Position `json:"position"`
	Location         string   `json:"location"`
	Industry         string   `json:"industry"`
	PhotoURL         string   `json:"photoUrl"`
	PublicProfileURL string   `json:"publicProfileUrl"`
	// Phones, Emails and Addresses are the contact information the member
	// shares with first-degree connections: what contact sync stores.
	Phones        []Phone   `json:"phones"`
	Emails        []Email   `json:"emails"`
	Addresses     []Address `json:"addresses"`
	Interests     []string  `json:"interests"`
	Subscriptions []string  `json:"subscriptions"`
	// VisibleInMicrosoftApps is the member's own choice whether the
	// organization's apps may show their profile (seed 004). When false,
	// profile lookup answers 404 and the member drops out of their
	// connections' change feeds.
	VisibleInMicrosoftApps bool `json:"visibleInMicrosoftApps"`
}

// Position is a job: title at company.
type Position struct {
	Title   string `json:"title"`
	Company string `json:"company"`
}

// Phone is a phone number with its kind: "work", "mobile", "home" or "other".
type Phone struct {
	Type   string `json:"type"`
	Number string `json:"number"`
}

// Email is a contact email address with its kind: "work", "home" or "other".
type Email struct {
	Type    string `json:"type"`
	Address string `json:"address"`
}

// Address is a street address with its kind: "work", "home" or "other".
type Address struct {
	Type       string `json:"type"`
	Street     string `json:"street"`
	City       string `json:"city"`
	Region     string `json:"region"`
	PostalCode string `json:"postalCode"`
	Country    string `json:"country"`
}

// clone returns a deep copy, so callers never share slices with the state
// the mutex guards.
func (m *Member) clone() *Member {
	c := *m
	c.VerifiedEmails = slices.Clone(m.VerifiedEmails)
	c.Phones = slices.Clone(m.Phones)
	c.Emails = slices.Clone(m.Emails)
	c.Addresses = slices.Clone(m.Addresses)
	c.Interests = slices.Clone(m.Interests)
	c.Subscriptions = slices.Clone(m.Subscriptions)
	return &c
}

// normalize lowercases verified emails, drops repeated ones, and turns absent lists into empty
// ones, so JSON shows [] rather than null.
func (m *Member) normalize() {
	var emails []string
	for _, e := range m.VerifiedEmails {
		e = normalizeEmail(e)
		if !slices.Contains(emails, e) { // the first stays the primary one
			emails = append(emails, e)
		}
	}
	m.VerifiedEmails = orEmpty(emails)
	m.Phones = orEmpty(m.Phones)
	m.Emails = orEmpty(m.Emails)
	m.Addresses = orEmpty(m.Addresses)
	m.Interests = orEmpty(m.Interests)
	m.Subscriptions = orEmpty(m.Subscriptions)
}

// normalizeEmail is the form emails are compared in: the simulator treats
// addresses as case-insensitive, as people expect.
func normalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var memberIDPattern = regexp.MustCompile(`^m-[a-z0-9][a-z0-9-]{0,62}$`)

// validate reports the first field that is wrong, naming it.
func (m *Member) validate() error {
	if !memberIDPattern.MatchString(m.ID) {
		return fmt.Errorf(`id %q must look like "m-alice": "m-" then lowercase letters, digits and dashes`, m.ID)
	}
	if len(m.VerifiedEmails) == 0 {
		return fmt.Errorf("verifiedEmails: at least one is required")
	}
	for _, e := range m.VerifiedEmails {
		if !looksLikeEmail(e) {
			return fmt.Errorf("verifiedEmails: %q is not an email address", e)
		}
	}
	if strings.TrimSpace(m.FirstName) == "" {
		return fmt.Errorf("firstName is required")
	}
	return nil
}

func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n")
}

// memberPatch is a create or update request: absent fields keep their value
// (or the default, on create). Lists are replaced whole.
type memberPatch struct {
	ID                     *string    `json:"id"`
	VerifiedEmails         *[]string  `json:"verifiedEmails"`
	FirstName              *string    `json:"firstName"`
	LastName               *string    `json:"lastName"`
	Headline               *string    `json:"headline"`
	Position               *Position  `json:"position"`
	Location               *string    `json:"location"`
	Industry               *string    `json:"industry"`
	PhotoURL               *string    `json:"photoUrl"`
	PublicProfileURL       *string    `json:"publicProfileUrl"`
	Phones                 *[]Phone   `json:"phones"`
	Emails                 *[]Email   `json:"emails"`
	Addresses              *[]Address `json:"addresses"`
	Interests              *[]string  `json:"interests"`
	Subscriptions          *[]string  `json:"subscriptions"`
	VisibleInMicrosoftApps *bool      `json:"visibleInMicrosoftApps"`
}

// applyTo sets the fields present in p on m.
func (p *memberPatch) applyTo(m *Member) {
	set(&m.ID, p.ID)
	setClone(&m.VerifiedEmails, p.VerifiedEmails)
	set(&m.FirstName, p.FirstName)
	set(&m.LastName, p.LastName)
	set(&m.Headline, p.Headline)
	set(&m.Position, p.Position)
	set(&m.Location, p.Location)
	set(&m.Industry, p.Industry)
	set(&m.PhotoURL, p.PhotoURL)
	set(&m.PublicProfileURL, p.PublicProfileURL)
	setClone(&m.Phones, p.Phones)
	setClone(&m.Emails, p.Emails)
	setClone(&m.Addresses, p.Addresses)
	setClone(&m.Interests, p.Interests)
	setClone(&m.Subscriptions, p.Subscriptions)
	set(&m.VisibleInMicrosoftApps, p.VisibleInMicrosoftApps)
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func setClone[T any](dst *[]T, src *[]T) {
	if src != nil {
		*dst = slices.Clone(*src)
	}
}

// newMember builds a member from a create request: visible by default, and
// with an id derived from the first verified email when none is given.
func newMember(p *memberPatch) *Member {
	m := &Member{VisibleInMicrosoftApps: true}
	p.applyTo(m)
	m.normalize()
	if m.ID == "" && len(m.VerifiedEmails) > 0 {
		m.ID = memberIDFromEmail(m.VerifiedEmails[0])
	}
	return m
}

// memberIDFromEmail turns "dana.ruiz@fabrikam.com" into "m-dana-ruiz".
func memberIDFromEmail(email string) string {
	local, _, _ := strings.Cut(email, "@")
	var b strings.Builder
	for _, r := range strings.ToLower(local) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	id := strings.TrimSuffix(b.String(), "-")
	if id == "" {
		id = "member"
	}
	return "m-" + id[:min(len(id), 60)]
}

// PublicProfile is what any member may see of another through /v2/people:
// no contact data, interests or subscriptions.
type PublicProfile struct {
	ID               string   `json:"id"`
	FirstName        string   `json:"firstName"`
	LastName         string   `json:"lastName"`
	Headline         string   `json:"headline"`
	Position         Position `json:"position"`
	Location         string   `json:"location"`
	Industry         string   `json:"industry"`
	PhotoURL         string   `json:"photoUrl"`
	PublicProfileURL string   `json:"publicProfileUrl"`
	// Degree is how far the member is from the viewer: 1 connected, 2
	// sharing a connection, 3 further; 0 when the viewer looks themself up.
	Degree int `json:"degree"`
}

// publicProfile is m as viewer sees it, degree being the distance between them.
func (m *Member) publicProfile(degree int) PublicProfile {
	return PublicProfile{
		ID: m.ID, FirstName: m.FirstName, LastName: m.LastName, Headline: m.Headline,
		Position: m.Position, Location: m.Location, Industry: m.Industry,
		PhotoURL: m.PhotoURL, PublicProfileURL: m.PublicProfileURL, Degree: degree,
	}
}

// Connection is one entry of a member's connection feed: the connected
// member's public profile and the contact data they share with connections.
type Connection struct {
	MemberID         string    `json:"memberId"`
	FirstName        string    `json:"firstName"`
	LastName         string    `json:"lastName"`
	Headline         string    `json:"headline"`
	Position         Position  `json:"position"`
	Location         string    `json:"location"`
	Industry         string    `json:"industry"`
	PhotoURL         string    `json:"photoUrl"`
	PublicProfileURL string    `json:"publicProfileUrl"`
	Phones           []Phone   `json:"phones"`
	Emails           []Email   `json:"emails"`
	Addresses        []Address `json:"addresses"`
}

func (m *Member) connectionEntry() Connection {
	c := m.clone()
	return Connection{
		MemberID: c.ID, FirstName: c.FirstName, LastName: c.LastName, Headline: c.Headline,
		Position: c.Position, Location: c.Location, Industry: c.Industry,
		PhotoURL: c.PhotoURL, PublicProfileURL: c.PublicProfileURL,
		Phones: c.Phones, Emails: c.Emails, Addresses: c.Addresses,
	}
}
