package store

import (
	"context"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// queries implements Reader over the read pool or a transaction.
type queries struct {
	sqlstore.Conn
}

// fromMicros converts a stored time (microseconds since the epoch, as
// time.UnixMicro writes it) back, in UTC; the zero time survives the round
// trip.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// sealedValue stores an absent sealed value (nil or empty) as NULL, so
// reads give nil for it whatever the driver makes of an empty blob.
func sealedValue(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

const linkColumns = `tenant, user_id, member_id, direction, scopes, access_token, refresh_token, token_expiry,
	ever_bidirectional, connect_time, update_time, revision`

func scanLink(row sqlstore.Scanner) (*Link, error) {
	l := &Link{}
	var (
		scopes                   string
		expiry, connect, updated int64
	)
	if err := row.Scan(&l.Tenant, &l.User, &l.MemberID, &l.Direction, &scopes, &l.AccessToken, &l.RefreshToken,
		&expiry, &l.EverBidirectional, &connect, &updated, &l.Revision); err != nil {
		return nil, err
	}
	l.Scopes = splitScopes(scopes)
	l.TokenExpiry, l.ConnectTime, l.UpdateTime = fromMicros(expiry), fromMicros(connect), fromMicros(updated)
	return l, nil
}

// splitScopes reads the stored scope list; none is nil.
func splitScopes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}

func (r queries) GetLink(ctx context.Context, tenant, user string) (*Link, error) {
	l, err := scanLink(r.QueryRow(ctx, `SELECT `+linkColumns+` FROM links WHERE tenant = ? AND user_id = ?`, tenant, user))
	return l, sqlstore.NotFound(err)
}

func (r queries) GetLinkByMember(ctx context.Context, tenant, memberID string) (*Link, error) {
	l, err := scanLink(r.QueryRow(ctx, `SELECT `+linkColumns+` FROM links WHERE tenant = ? AND member_id = ?`, tenant, memberID))
	return l, sqlstore.NotFound(err)
}

func (r queries) ListLinks(ctx context.Context, tenant string, page Page) ([]*Link, error) {
	rows, err := r.Query(ctx, `SELECT `+linkColumns+` FROM links WHERE tenant = ? AND user_id > ? ORDER BY user_id LIMIT ?`,
		tenant, page.After, page.Limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanLink)
}

func (r queries) LinksChangedAfter(ctx context.Context, tenant string, revision int64) ([]*Link, error) {
	rows, err := r.Query(ctx, `SELECT `+linkColumns+` FROM links WHERE tenant = ? AND revision > ? ORDER BY user_id`, tenant, revision)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanLink)
}

func (r queries) LinkedTenants(ctx context.Context) ([]string, error) {
	rows, err := r.Query(ctx, `SELECT DISTINCT tenant FROM links ORDER BY tenant`)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, func(row sqlstore.Scanner) (string, error) {
		var tenant string
		return tenant, row.Scan(&tenant)
	})
}
