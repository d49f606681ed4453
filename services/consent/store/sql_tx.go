package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// sqlTx implements Tx over one database transaction.
type sqlTx struct {
	queries
	tx  *sqlstore.Tx
	log *changelog.Log
}

func (t sqlTx) Platform() *sqlstore.Tx { return t.tx }

func (t sqlTx) AppendEvent(ctx context.Context, e *consentv1.ConsentEvent) (int64, error) {
	// The change log numbers the event, so readers of the log find it.
	revision, err := t.log.Append(ctx, t.tx, changelog.Entry{
		Tenant: e.Tenant, Resource: UserResource(e.User), Kind: int32(e.Kind), Time: e.Time.AsTime(),
	})
	if err != nil {
		return 0, err
	}
	_, err = t.Exec(ctx, `INSERT INTO consent_events
		(revision, time, tenant, user_id, kind, reason, actor, direction, previous_direction, member_id, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		revision, e.Time.AsTime().UnixMicro(), e.Tenant, e.User, int32(e.Kind), int32(e.Reason), e.Actor,
		int32(e.Direction), int32(e.PreviousDirection), e.MemberId, e.RequestId)
	if err != nil {
		return 0, err
	}
	e.Revision = revision
	return revision, nil
}

// joinScopes is the stored form of a scope list. OAuth scopes never hold a
// space, so a space separates them; a scope that is empty or holds one
// would not read back as written, and is refused.
func joinScopes(scopes []string) (string, error) {
	for _, s := range scopes {
		if s == "" || strings.ContainsAny(s, " \t\n") {
			return "", fmt.Errorf("scope %q: a scope must be non-empty and hold no space", s)
		}
	}
	return strings.Join(scopes, " "), nil
}

func (t sqlTx) PutLink(ctx context.Context, l *Link) error {
	scopes, err := joinScopes(l.Scopes)
	if err != nil {
		return err
	}
	// Look for the member's other link first instead of reading the unique
	// violation: a failed statement aborts a PostgreSQL transaction, and
	// the caller may want to carry on with this one.
	var other string
	err = t.QueryRow(ctx, `SELECT user_id FROM links WHERE tenant = ? AND member_id = ? AND user_id <> ?`,
		l.Tenant, l.MemberID, l.User).Scan(&other)
	switch {
	case err == nil:
		return ErrAlreadyExists
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, err = t.Exec(ctx, `INSERT INTO links (`+linkColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, user_id) DO UPDATE SET
			member_id = excluded.member_id, direction = excluded.direction, scopes = excluded.scopes,
			access_token = excluded.access_token, refresh_token = excluded.refresh_token,
			token_expiry = excluded.token_expiry, ever_bidirectional = excluded.ever_bidirectional,
			connect_time = excluded.connect_time, update_time = excluded.update_time, revision = excluded.revision`,
		l.Tenant, l.User, l.MemberID, int32(l.Direction), scopes, sealedValue(l.AccessToken), sealedValue(l.RefreshToken),
		l.TokenExpiry.UnixMicro(), l.EverBidirectional, l.ConnectTime.UnixMicro(), l.UpdateTime.UnixMicro(), l.Revision)
	return sqlstore.Conflict(err)
}

func (t sqlTx) UpdateLinkTokens(ctx context.Context, l *Link) error {
	scopes, err := joinScopes(l.Scopes)
	if err != nil {
		return err
	}
	return sqlstore.Affected(t.Exec(ctx, `UPDATE links SET access_token = ?, refresh_token = ?, token_expiry = ?, scopes = ?
		WHERE tenant = ? AND user_id = ? AND member_id = ?`,
		sealedValue(l.AccessToken), sealedValue(l.RefreshToken), l.TokenExpiry.UnixMicro(), scopes, l.Tenant, l.User, l.MemberID))
}

func (t sqlTx) DeleteLink(ctx context.Context, tenant, user string) error {
	return sqlstore.Affected(t.Exec(ctx, `DELETE FROM links WHERE tenant = ? AND user_id = ?`, tenant, user))
}

func (t sqlTx) CreatePending(ctx context.Context, p *PendingAuthorization) error {
	_, err := t.Exec(ctx, `INSERT INTO pending_authorizations
		(state_hash, tenant, user_id, direction, redirect_uri, binding_hash, code_verifier, create_time, expire_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.StateHash, p.Tenant, p.User, int32(p.Direction), p.RedirectURI, p.BindingHash, sealedValue(p.CodeVerifier),
		p.CreateTime.UnixMicro(), p.ExpireTime.UnixMicro())
	return sqlstore.Conflict(err)
}

func (t sqlTx) TakePending(ctx context.Context, stateHash, bindingHash string) (*PendingAuthorization, error) {
	// One statement finds and removes the row, so a state is taken once
	// even were two transactions to race for it, and only with its binding:
	// a callback from another browser leaves it for the right one.
	p := &PendingAuthorization{StateHash: stateHash, BindingHash: bindingHash}
	var created, expires int64
	err := t.QueryRow(ctx, `DELETE FROM pending_authorizations
		WHERE state_hash = ? AND binding_hash = ? AND binding_hash <> ''
		RETURNING tenant, user_id, direction, redirect_uri, code_verifier, create_time, expire_time`, stateHash, bindingHash).
		Scan(&p.Tenant, &p.User, &p.Direction, &p.RedirectURI, &p.CodeVerifier, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, t.missingPending(ctx, stateHash)
	}
	if err != nil {
		return nil, err
	}
	p.CreateTime, p.ExpireTime = fromMicros(created), fromMicros(expires)
	return p, nil
}

// missingPending says why no authorization was taken: ErrOtherBrowser when
// the state is known, ErrNotFound when it is not.
func (t sqlTx) missingPending(ctx context.Context, stateHash string) error {
	var one int
	err := t.QueryRow(ctx, `SELECT 1 FROM pending_authorizations WHERE state_hash = ?`, stateHash).Scan(&one)
	if err == nil {
		return ErrOtherBrowser
	}
	return sqlstore.NotFound(err)
}

func (t sqlTx) TrimPending(ctx context.Context, tenant, user string, keep int) (int64, error) {
	res, err := t.Exec(ctx, `DELETE FROM pending_authorizations WHERE tenant = ? AND user_id = ? AND state_hash NOT IN (
		SELECT state_hash FROM pending_authorizations WHERE tenant = ? AND user_id = ?
		ORDER BY create_time DESC, state_hash DESC LIMIT ?)`, tenant, user, tenant, user, keep)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t sqlTx) DeleteExpiredPending(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.Exec(ctx, `DELETE FROM pending_authorizations WHERE expire_time < ?`, before.UnixMicro())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
