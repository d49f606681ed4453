package store

import (
	"context"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store/migrations"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// SQL is the Store on SQLite or PostgreSQL.
type SQL struct {
	changelog.Store
	queries
}

// Open opens the database at url ("sqlite:PATH" or "postgres://...") and,
// when migrate is set, applies pending migrations.
func Open(ctx context.Context, url string, migrate bool) (*SQL, error) {
	st, err := changelog.OpenStore(ctx, url, migrations.FS, migrate)
	if err != nil {
		return nil, err
	}
	return &SQL{Store: st, queries: queries{st.DB().Reads()}}, nil
}

// Write runs fn in one write transaction. Write transactions never overlap,
// so ledger revisions become visible in the order they are numbered.
func (s *SQL) Write(ctx context.Context, fn func(Tx) error) error {
	return s.DB().Write(ctx, func(tx *sqlstore.Tx) error {
		return fn(sqlTx{queries: queries{tx.Conn}, tx: tx, log: s.Log()})
	})
}

// CountLinks counts a tenant's links by direction.
func (s *SQL) CountLinks(ctx context.Context, tenant string) (Counts, error) {
	var c Counts
	rows, err := s.Query(ctx, `SELECT direction, COUNT(*) FROM links WHERE tenant = ? GROUP BY direction`, tenant)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			direction typev1.ConsentDirection
			n         int64
		)
		if err := rows.Scan(&direction, &n); err != nil {
			return Counts{}, err
		}
		// Total counts every link, including any with a direction that
		// has no counter of its own.
		c.Total += n
		switch direction {
		case typev1.ConsentDirection_BIDIRECTIONAL:
			c.Bidirectional += n
		case typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION:
			c.LinkedInToOrganization += n
		}
	}
	return c, rows.Err()
}

const eventColumns = `revision, time, tenant, user_id, kind, reason, actor, direction, previous_direction, member_id, request_id`

func scanEvent(row sqlstore.Scanner) (*consentv1.ConsentEvent, error) {
	e := &consentv1.ConsentEvent{}
	var at int64
	if err := row.Scan(&e.Revision, &at, &e.Tenant, &e.User, &e.Kind, &e.Reason, &e.Actor,
		&e.Direction, &e.PreviousDirection, &e.MemberId, &e.RequestId); err != nil {
		return nil, err
	}
	e.Time = timestamppb.New(fromMicros(at))
	return e, nil
}

// ListEvents lists a tenant's ledger, newest first.
func (s *SQL) ListEvents(ctx context.Context, tenant string, before int64, limit int) ([]*consentv1.ConsentEvent, error) {
	rows, err := s.Query(ctx, `SELECT `+eventColumns+` FROM consent_events
		WHERE tenant = ? AND (? = 0 OR revision < ?) ORDER BY revision DESC LIMIT ?`,
		tenant, before, before, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanEvent)
}

// Events lists ledger events after a revision, in revision order.
func (s *SQL) Events(ctx context.Context, after int64, tenant string, limit int) ([]*consentv1.ConsentEvent, error) {
	rows, err := s.Query(ctx, `SELECT `+eventColumns+` FROM consent_events
		WHERE revision > ? AND (? = '' OR tenant = ?) ORDER BY revision LIMIT ?`,
		after, tenant, tenant, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scanEvent)
}
