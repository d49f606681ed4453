package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/liaisonhq/liaison/platform/changelog"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/types/known/structpb"
)

// PseudonymiseAudit puts pseudonym in place of user in up to limit of the
// tenant's audit entries below before (0: from the newest), in tx: the
// resources, the actor, and inside the before and after of each entry
// (the user's own snapshots shrink to their id; a manager, member, update
// actor or export subject naming the user names the pseudonym). Every
// entry stays at its revision: the history is complete, the person gone.
// It is exact: a value is replaced only where it names the user, never as
// a part of another string. It returns where the next batch starts (0 when
// none is left) and how many entries it changed; a long log is thus
// rewritten in short transactions.
func (t sqlTx) PseudonymiseAudit(ctx context.Context, tenant, user, pseudonym string, before int64, limit int) (next, changed int64, err error) {
	names := pseudonyms{tenant: tenant, user: user, pseudonym: pseudonym}
	events, err := t.auditEvents(ctx, tenant, before, limit)
	if err != nil {
		return 0, 0, err
	}
	for _, e := range events {
		if names.rewrite(e) {
			if err := t.rewriteAudit(ctx, e); err != nil {
				return 0, changed, err
			}
			changed++
		}
	}
	if len(events) < limit {
		return 0, changed, nil
	}
	return events[len(events)-1].Revision, changed, nil
}

// PseudonymiseRest puts pseudonym in place of user in the rest of what
// policy keeps of the past: the change log's resources, the settings'
// update actors and the erasures the user asked for.
func (t sqlTx) PseudonymiseRest(ctx context.Context, tenant, user, pseudonym string) error {
	names := pseudonyms{tenant: tenant, user: user, pseudonym: pseudonym}
	if _, err := changelog.RenameResources(ctx, t.tx, tenant, "/users/"+user, names.resource); err != nil {
		return err
	}
	for _, table := range []string{"linkedin_settings", "client_policies", "mailbox_policies"} {
		if _, err := t.Exec(ctx, `UPDATE `+table+` SET update_actor = ? WHERE tenant = ? AND update_actor = ?`, pseudonym, tenant, user); err != nil {
			return err
		}
	}
	_, err := t.Exec(ctx, `UPDATE erasures SET actor = ? WHERE tenant = ? AND actor = ?`, pseudonym, tenant, user)
	return err
}

// pseudonyms replaces one user by a pseudonym in a tenant's history.
type pseudonyms struct{ tenant, user, pseudonym string }

// userFields are the snapshot fields that name a user, each with the
// prefix the id takes there: a manager, an update actor or actor, the
// subject of an export, a member ("users/{id}").
var userFields = map[string]string{"manager": "", "updateActor": "", "actor": "", "user": "", "member": "users/"}

// userSegments are the places in a resource's path that name user: the
// second of each segment pair "users/{user}", as in the user, a membership
// of the user, or a data export of the user.
func userSegments(segments []string, user string) []int {
	var at []int
	for i := 0; i+1 < len(segments); i++ {
		if segments[i] == "users" && segments[i+1] == user {
			at = append(at, i+1)
		}
	}
	return at
}

// AboutUser reports whether an audit entry is about user: its resource or
// one of its snapshots names them. These, with the entries the user made,
// are what an erasure rewrites and an export shows.
func AboutUser(e *policyv1.AuditEvent, user string) bool {
	if len(userSegments(strings.Split(e.Resource, "/"), user)) > 0 {
		return true
	}
	for _, s := range []*structpb.Struct{e.Before, e.After} {
		for key, v := range s.GetFields() {
			if prefix, ok := userFields[key]; ok && v.GetStringValue() == prefix+user {
				return true
			}
		}
	}
	return false
}

// resource renames the user's resources within the tenant.
func (p pseudonyms) resource(r string) string {
	segments := strings.Split(r, "/")
	if len(segments) < 2 || segments[0] != "tenants" || segments[1] != p.tenant {
		return r
	}
	for _, i := range userSegments(segments, p.user) {
		segments[i] = p.pseudonym
	}
	return strings.Join(segments, "/")
}

// rewrite pseudonymises one audit entry in place and reports whether it
// changed.
func (p pseudonyms) rewrite(e *policyv1.AuditEvent) bool {
	changed := false
	if r := p.resource(e.Resource); r != e.Resource {
		e.Resource, changed = r, true
	}
	if e.Actor == p.user {
		e.Actor, changed = p.pseudonym, true
	}
	own := e.Resource == "tenants/"+p.tenant+"/users/"+p.pseudonym
	for _, snapshot := range []**structpb.Struct{&e.Before, &e.After} {
		if *snapshot == nil {
			continue
		}
		if own {
			// The user's own record: nothing of it but the pseudonym.
			*snapshot, changed = &structpb.Struct{Fields: map[string]*structpb.Value{"id": structpb.NewStringValue(p.pseudonym)}}, true
			continue
		}
		if p.fields(*snapshot) {
			changed = true
		}
	}
	return changed
}

// fields replaces, in another resource's snapshot, the fields that name
// the user (userFields).
func (p pseudonyms) fields(s *structpb.Struct) bool {
	changed := false
	for key, v := range s.Fields {
		if prefix, ok := userFields[key]; ok && v.GetStringValue() == prefix+p.user {
			s.Fields[key], changed = structpb.NewStringValue(prefix+p.pseudonym), true
		}
	}
	return changed
}

// auditEvents reads a tenant's audit events below before (0: from the
// newest), newest first.
func (r queries) auditEvents(ctx context.Context, tenant string, before int64, limit int) ([]*policyv1.AuditEvent, error) {
	rows, err := r.Query(ctx, `SELECT revision, time, actor, action, resource, before_json, after_json, request_id
		FROM audit_events WHERE tenant = ? AND (? = 0 OR revision < ?) ORDER BY revision DESC LIMIT ?`,
		tenant, before, before, limit)
	if err != nil {
		return nil, err
	}
	return sqlstore.Collect(rows, func(row sqlstore.Scanner) (*policyv1.AuditEvent, error) {
		e := &policyv1.AuditEvent{}
		var (
			at            int64
			before, after sql.NullString
		)
		if err := row.Scan(&e.Revision, &at, &e.Actor, &e.Action, &e.Resource, &before, &after, &e.RequestId); err != nil {
			return nil, err
		}
		e.Time = fromMicros(at)
		var err error
		if e.Before, err = parseStruct(before); err != nil {
			return nil, err
		}
		e.After, err = parseStruct(after)
		return e, err
	})
}

// rewriteAudit stores an audit event's new actor, resource and snapshots.
func (t sqlTx) rewriteAudit(ctx context.Context, e *policyv1.AuditEvent) error {
	before, err := structJSON(e.Before)
	if err != nil {
		return err
	}
	after, err := structJSON(e.After)
	if err != nil {
		return err
	}
	_, err = t.Exec(ctx, `UPDATE audit_events SET actor = ?, resource = ?, before_json = ?, after_json = ? WHERE revision = ?`,
		e.Actor, e.Resource, before, after, e.Revision)
	return err
}
