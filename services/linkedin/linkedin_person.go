package linkedin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// Person is a member's public profile as another member sees it: what the
// profile card shows.
type Person struct {
	ID               string
	FirstName        string
	LastName         string
	Headline         string
	PositionTitle    string
	Company          string
	Location         string
	PhotoURL         string
	PublicProfileURL string
	// Degree is how far the member is from the token's member: 1 connected,
	// 2 sharing a connection, 3 further; 0 when it is the member themself.
	Degree int
}

// publicProfile is the answer of GET /v2/people.
type publicProfile struct {
	ID               string   `json:"id"`
	FirstName        string   `json:"firstName"`
	LastName         string   `json:"lastName"`
	Headline         string   `json:"headline"`
	Position         Position `json:"position"`
	Location         string   `json:"location"`
	PhotoURL         string   `json:"photoUrl"`
	PublicProfileURL string   `json:"publicProfileUrl"`
	Degree           int      `json:"degree"`
}

// Person looks up the member who verified email, as the token's member
// sees them (the token needs the profile scope). An email no member has
// verified gives ErrNoMember; a member who hides their profile from the
// organization's apps gives ErrProfileHidden.
func (l *Client) Person(ctx context.Context, accessToken, email string) (*Person, error) {
	const op = "look up person"
	var p publicProfile
	err := l.callAPI(ctx, op, http.MethodGet, "/v2/people?"+url.Values{"email": {email}}.Encode(), accessToken, &p)
	markKind(err, http.StatusNotFound, "not_found", ErrNoMember)
	markKind(err, http.StatusNotFound, "profile_hidden", ErrProfileHidden)
	if err != nil {
		return nil, err
	}
	if p.ID == "" {
		return nil, &Error{Op: op, Err: errors.New("the answer has no member id")}
	}
	return &Person{
		ID: p.ID, FirstName: p.FirstName, LastName: p.LastName, Headline: p.Headline,
		PositionTitle: p.Position.Title, Company: p.Position.Company, Location: p.Location,
		PhotoURL: p.PhotoURL, PublicProfileURL: p.PublicProfileURL, Degree: p.Degree,
	}, nil
}
