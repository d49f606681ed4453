package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/services/internal/platform/sqlstore"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queries implements Reader over a pool or a transaction.
type queries struct {
	db *sqlstore.DB
	q  querier
}

func (r queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.q.QueryContext(ctx, r.db.Rebind(query), args...)
}

func (r queries) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return r.q.QueryRowContext(ctx, r.db.Rebind(query), args...)
}

func (r queries) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.q.ExecContext(ctx, r.db.Rebind(query), args...)
}

// micros and fromMicros convert times to the stored form. Times read back
// in UTC; the zero time survives the round trip.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// sealedValue stores an absent sealed value (nil or empty) as NULL, so
// reads give nil for it whatever the driver makes of an empty blob.
func sealedValue(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// notFound turns sql.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

const linkColumns = `tenant, user_id, member_id, direction, scopes, access_token, refresh_token, token_expiry,
	ever_bidirectional, connect_time, update_time, revision`

func scanLink(row interface{ Scan(...any) error }) (*Link, error) {
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
	l, err := scanLink(r.queryRow(ctx, `SELECT `+linkColumns+` FROM links WHERE tenant = ? AND user_id = ?`, tenant, user))
	return l, notFound(err)
}

func (r queries) GetLinkByMember(ctx context.Context, tenant, memberID string) (*Link, error) {
	l, err := scanLink(r.queryRow(ctx, `SELECT `+linkColumns+` FROM links WHERE tenant = ? AND member_id = ?`, tenant, memberID))
	return l, notFound(err)
}

func (r queries) ListLinks(ctx context.Context, tenant string, page Page) ([]*Link, error) {
	rows, err := r.query(ctx, `SELECT `+linkColumns+` FROM links WHERE tenant = ? AND user_id > ? ORDER BY user_id LIMIT ?`,
		tenant, page.After, page.Limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanLink)
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
