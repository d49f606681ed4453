package store

import (
	"context"
	"strings"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// A directory search matches a query inside a row's search key: its id,
// email and names, lower-cased here rather than by the database, whose
// lower() folds only ASCII on SQLite.

func userSearchKey(u *policyv1.User) string {
	return searchKey(u.Id, u.Email, u.DisplayName, u.GivenName+" "+u.Surname)
}

func groupSearchKey(g *policyv1.Group) string { return searchKey(g.Id, g.DisplayName) }

// searchKey joins the parts with a line break, which no query holds, so a
// match never spans two parts.
func searchKey(parts ...string) string { return strings.ToLower(strings.Join(parts, "\n")) }

// containsPattern is the LIKE pattern (with ESCAPE '\') that matches a
// search key containing query; empty matches everything.
func containsPattern(query string) string {
	escaped := sqlstore.LikeEscape(strings.ToLower(query))
	return "%" + escaped + "%"
}

// backfillSearchKeys gives the rows written without a search key (before
// migration 3, or by an older binary since) theirs. It runs whenever the
// store opens; a row without a key has an empty one, since every key holds
// at least the id. It reads first, and writes only when a row needs a key.
func backfillSearchKeys(ctx context.Context, db *sqlstore.DB) error {
	users, err := keyless(ctx, queries{db.Reads()}, "users", userColumns, func(row sqlstore.Scanner) (keyedRow, error) {
		var k keyedRow
		u, err := scanUser(prefixScanner{row, &k.tenant})
		if err == nil {
			k.id, k.key = u.Id, userSearchKey(u)
		}
		return k, err
	})
	if err != nil {
		return err
	}
	groups, err := keyless(ctx, queries{db.Reads()}, "directory_groups", groupColumns, func(row sqlstore.Scanner) (keyedRow, error) {
		var k keyedRow
		g, err := scanGroup(prefixScanner{row, &k.tenant})
		if err == nil {
			k.id, k.key = g.Id, groupSearchKey(g)
		}
		return k, err
	})
	if err != nil || len(users)+len(groups) == 0 {
		return err
	}
	return db.Write(ctx, func(tx *sqlstore.Tx) error {
		for table, rows := range map[string][]keyedRow{"users": users, "directory_groups": groups} {
			for _, r := range rows {
				if _, err := tx.Exec(ctx, `UPDATE `+table+` SET search_key = ? WHERE tenant = ? AND id = ? AND search_key = ''`,
					r.key, r.tenant, r.id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// keyedRow is a row's tenant, id and the search key it should have.
type keyedRow struct{ tenant, id, key string }

// keyless reads the rows of table that have no search key yet.
func keyless(ctx context.Context, q queries, table, columns string, scan func(sqlstore.Scanner) (keyedRow, error)) ([]keyedRow, error) {
	rows, err := q.Query(ctx, `SELECT tenant, `+columns+` FROM `+table+` WHERE search_key = ''`)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, scan)
}

// prefixScanner scans a leading column into first, and the rest as the
// wrapped scan expects.
type prefixScanner struct {
	sqlstore.Scanner
	first *string
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.Scanner.Scan(append([]any{p.first}, dest...)...)
}
