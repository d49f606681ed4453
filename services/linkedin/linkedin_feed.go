package linkedin

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// The calls the contact-sync service makes with a member's access token:
// the connections change feed and the contact import. They are methods of
// Client but not of Provider, which is what the consent service needs.

// ErrSyncTokenExpired: the feed no longer knows the sync token (410 Gone):
// start again with a full listing.
var ErrSyncTokenExpired = errors.New("the sync token has expired")

// NewAPI returns a Client for the API only (the calls made with a member's
// access token, and MemberEvents when cfg has ClientID and ClientSecret),
// for services that do not run the OAuth flow; its OAuth calls fail.
func NewAPI(apiBaseURL string, cfg Config) (*Client, error) {
	base, err := baseURL("APIBaseURL", apiBaseURL)
	if err != nil {
		return nil, err
	}
	credentials := cfg.ClientID != "" && cfg.ClientSecret != ""
	cfg.BaseURL, cfg.APIBaseURL = base, base
	cfg.ClientID = cmp.Or(cfg.ClientID, "unused")
	cfg.ClientSecret = cmp.Or(cfg.ClientSecret, "unused")
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	// Without them the application's own calls (MemberEvents) refuse to
	// run rather than send the placeholders.
	c.hasCredentials = credentials
	return c, nil
}

// FeedPage is one page of a member's connections feed.
type FeedPage struct {
	// FullListing is true when the listing names every current
	// connection, in member id order: what is not in it is gone.
	FullListing bool `json:"fullListing"`
	// Upserts are connections to add or update.
	Upserts []FeedConnection `json:"upserts"`
	// Tombstones are the member ids of connections to remove.
	Tombstones []string `json:"tombstones"`
	// NextPageToken continues this listing; SyncToken, on its last page,
	// starts the next one.
	NextPageToken string `json:"nextPageToken"`
	SyncToken     string `json:"syncToken"`
}

// FeedConnection is a connection as the feed describes it.
type FeedConnection struct {
	MemberID  string   `json:"memberId"`
	FirstName string   `json:"firstName"`
	LastName  string   `json:"lastName"`
	Headline  string   `json:"headline"`
	Position  Position `json:"position"`
	Phones    []struct {
		Type   string `json:"type"`
		Number string `json:"number"`
	} `json:"phones"`
	Emails []struct {
		Type    string `json:"type"`
		Address string `json:"address"`
	} `json:"emails"`
	Addresses []FeedAddress `json:"addresses"`
}

// Position is a member's current job, as the feed and profiles describe it.
type Position struct {
	Title   string `json:"title"`
	Company string `json:"company"`
}

// FeedAddress is a street address in the feed.
type FeedAddress struct {
	Type       string `json:"type"`
	Street     string `json:"street"`
	City       string `json:"city"`
	Region     string `json:"region"`
	PostalCode string `json:"postalCode"`
	Country    string `json:"country"`
}

// Connections reads one page of the member's connections feed: with
// neither token a full listing, with syncToken the changes since it, with
// pageToken the next page of either. An expired sync or page token gives
// ErrSyncTokenExpired.
func (l *Client) Connections(ctx context.Context, accessToken, syncToken, pageToken string) (*FeedPage, error) {
	q := url.Values{}
	if pageToken != "" {
		q.Set("pageToken", pageToken)
	} else if syncToken != "" {
		q.Set("syncToken", syncToken)
	}
	path := "/v2/connections"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var page FeedPage
	err := l.callAPI(ctx, "read connections", http.MethodGet, path, accessToken, &page)
	markKind(err, http.StatusGone, "", ErrSyncTokenExpired)
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// ImportedContact is one of the organization's contacts sent to the
// member's contact import.
type ImportedContact struct {
	FirstName string   `json:"firstName"`
	LastName  string   `json:"lastName"`
	Emails    []string `json:"emails"`
	Phones    []string `json:"phones"`
}

// ReplaceImportedContacts makes the member's imported contacts exactly
// these (the token needs the contact-import scope).
func (l *Client) ReplaceImportedContacts(ctx context.Context, accessToken string, contacts []ImportedContact) error {
	body, err := json.Marshal(map[string]any{"mode": "replace", "contacts": contacts})
	if err != nil {
		return &Error{Op: "import contacts", Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.apiBase+"/v2/contactImports", bytes.NewReader(body))
	if err != nil {
		return &Error{Op: "import contacts", Err: err}
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	err = l.send("import contacts", req, nil)
	markKind(err, http.StatusUnauthorized, "", ErrUnauthorized)
	return err
}
