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
	escaped := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(query))
	return "%" + escaped + "%"
}

// backfillSearchKeys gives the rows written without a search key (before
// migration 3, or by an older binary since) theirs. It runs whenever the
// store opens; a row without a key has an empty one, since every key holds
// at least the id.
func backfillSearchKeys(ctx context.Context, db *sqlstore.DB) error {
	return db.Write(ctx, func(tx *sqlstore.Tx) error {
		rows, err := tx.Query(ctx, `SELECT tenant, `+userColumns+` FROM users WHERE search_key = ''`)
		if err != nil {
			return err
		}
		users, err := sqlstore.Collect(rows, scanKeyedUser)
		if err != nil {
			return err
		}
		for _, u := range users {
			if _, err := tx.Exec(ctx, `UPDATE users SET search_key = ? WHERE tenant = ? AND id = ?`,
				userSearchKey(u.user), u.tenant, u.user.Id); err != nil {
				return err
			}
		}
		rows, err = tx.Query(ctx, `SELECT tenant, `+groupColumns+` FROM directory_groups WHERE search_key = ''`)
		if err != nil {
			return err
		}
		groups, err := sqlstore.Collect(rows, scanKeyedGroup)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if _, err := tx.Exec(ctx, `UPDATE directory_groups SET search_key = ? WHERE tenant = ? AND id = ?`,
				groupSearchKey(g.group), g.tenant, g.group.Id); err != nil {
				return err
			}
		}
		return nil
	})
}

type keyedUser struct {
	tenant string
	user   *policyv1.User
}

type keyedGroup struct {
	tenant string
	group  *policyv1.Group
}

func scanKeyedUser(row sqlstore.Scanner) (keyedUser, error) {
	var k keyedUser
	var err error
	k.user, err = scanUser(prefixScanner{row, &k.tenant})
	return k, err
}

func scanKeyedGroup(row sqlstore.Scanner) (keyedGroup, error) {
	var k keyedGroup
	var err error
	k.group, err = scanGroup(prefixScanner{row, &k.tenant})
	return k, err
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
