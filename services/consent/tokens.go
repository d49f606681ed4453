package consent

import (
	"context"

	"github.com/liaisonhq/liaison/services/consent/store"
)

// tokenAAD binds a sealed token to its user and kind, so a sealed value
// copied to another row does not open.
func tokenAAD(tenant, user, kind string) []byte {
	return []byte(tenant + "\x00" + user + "\x00" + kind)
}

// openTokens unseals a link's tokens; one that does not open (a rotated
// key, a damaged row) comes back empty and is logged.
func (s *Service) openTokens(l *store.Link) (access, refresh string) {
	open := func(sealed []byte, kind string) string {
		if len(sealed) == 0 {
			return ""
		}
		plain, err := s.Sealer.Open(sealed, tokenAAD(l.Tenant, l.User, kind))
		if err != nil {
			s.Logger.Warn("a stored provider token does not open", "tenant", l.Tenant, "user", l.User, "kind", kind)
			return ""
		}
		return string(plain)
	}
	return open(l.AccessToken, "access"), open(l.RefreshToken, "refresh")
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
