package ctl

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// renewBefore renews a saved token this long before it expires, so a call
// does not carry one that dies on the way.
const renewBefore = 30 * time.Second

// token is the bearer token calls carry. A saved token that is about to
// expire is renewed with its refresh token first, and saved again.
func (s *session) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.settings.Credentials
	if c.Token == "" {
		return "", status.Error(codes.Unauthenticated,
			"no token: run `liaisonctl login`, or `liaisonctl dev-token --save` in dev, or set --token or LIAISON_TOKEN")
	}
	if c.Expiry.IsZero() || time.Until(c.Expiry) > renewBefore {
		return c.Token, nil
	}
	if c.RefreshToken == "" {
		return "", status.Errorf(codes.Unauthenticated, "the saved token expired at %s: run `liaisonctl login` again", c.Expiry.Local().Format(time.DateTime))
	}
	renewed, err := renew(ctx, s.settings.Login, c)
	if err != nil {
		return "", status.Errorf(codes.Unauthenticated, "the saved token expired and could not be renewed (%v): run `liaisonctl login` again", err)
	}
	s.settings.Credentials = renewed
	if err := s.saveCredentials(renewed); err != nil {
		return "", err
	}
	return renewed.Token, nil
}

// saveCredentials writes creds into the config file, leaving the rest of
// the file as it is (not the flags and variables of this run).
func (s *session) saveCredentials(creds Credentials) error {
	file, err := loadSettings(s.configFile)
	if err != nil {
		return err
	}
	file.Credentials = creds
	return saveSettings(s.configFile, file)
}
