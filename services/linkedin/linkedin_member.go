package linkedin

import (
	"context"
	"errors"
	"net/http"
)

// userinfo is the answer of GET /v2/userinfo (OpenID Connect's shape).
type userinfo struct {
	Sub        string `json:"sub"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Email      string `json:"email"`
}

// Member implements Provider.
func (l *Client) Member(ctx context.Context, accessToken string) (*Member, error) {
	const op = "read member"
	var info userinfo
	if err := l.callAPI(ctx, op, http.MethodGet, "/v2/userinfo", accessToken, &info); err != nil {
		return nil, err
	}
	// Without an id the consent service cannot link the member to anyone.
	if info.Sub == "" {
		return nil, &Error{Op: op, Err: errors.New("the answer has no member id (sub)")}
	}
	return &Member{ID: info.Sub, GivenName: info.GivenName, FamilyName: info.FamilyName, Email: info.Email}, nil
}
