package consent

import (
	"context"

	"github.com/liaisonhq/liaison/services/linkedin"
)

// tokenAAD binds a sealed token to its user and kind, so a sealed value
// copied to another row does not open.
func tokenAAD(tenant, user, kind string) []byte {
	return []byte(tenant + "\x00" + user + "\x00" + kind)
}

// sealTokens seals a user's tokens as a link or a cleanup holds them.
func (s *Service) sealTokens(tenant, user string, token *linkedin.Token) (access, refresh []byte) {
	return s.Sealer.Seal([]byte(token.AccessToken), tokenAAD(tenant, user, "access")),
		s.Sealer.Seal([]byte(token.RefreshToken), tokenAAD(tenant, user, "refresh"))
}

// openSealed unseals a user's tokens (as a link or a cleanup holds them);
// one that does not open (a rotated key, a damaged row) comes back empty and
// is logged.
func (s *Service) openSealed(tenant, user string, sealedAccess, sealedRefresh []byte) (access, refresh string) {
	open := func(sealed []byte, kind string) string {
		if len(sealed) == 0 {
			return ""
		}
		plain, err := s.Sealer.Open(sealed, tokenAAD(tenant, user, kind))
		if err != nil {
			s.Logger.Warn("a stored provider token does not open", "tenant", tenant, "user", user, "kind", kind)
			return ""
		}
		return string(plain)
	}
	return open(sealedAccess, "access"), open(sealedRefresh, "refresh")
}

// revokeQuietly revokes the first non-empty token at the network, logging a
// failure: for clean-ups after a failed connection, where the caller already
// has an error to report.
func (s *Service) revokeQuietly(ctx context.Context, tokens ...string) {
	// A clean-up must not end with the request that failed.
	ctx = context.WithoutCancel(ctx)
	for _, t := range tokens {
		if t == "" {
			continue
		}
		if err := s.Provider.Revoke(ctx, t); err != nil {
			s.Logger.WarnContext(ctx, "revoking a LinkedIn token failed", "error", err)
		}
		return
	}
}
