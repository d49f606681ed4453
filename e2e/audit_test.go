package e2e

import (
	"net/url"
	"testing"
)

func TestAuditLog(t *testing.T) {
	ten, admin := newTenant(t, "US")
	createUsers(t, admin, ten.ID, "u1")
	admin.ok(t, "PATCH", tenantPath(ten.ID)+"/users/u1", map[string]any{"jobTitle": "Buyer"}, nil)
	admin.ok(t, "DELETE", tenantPath(ten.ID)+"/users/u1", nil, nil)
	path := tenantPath(ten.ID) + "/auditLog"

	// Newest first: the delete, the update, the create, then the tenant's
	// own creation events.
	var first, second auditLog
	admin.ok(t, "GET", path+"?pageSize=2", nil, &first)
	if len(first.Events) != 2 || first.NextPageToken == "" {
		t.Fatalf("first page: %d events, next page token %q; want 2 events and a token", len(first.Events), first.NextPageToken)
	}
	admin.ok(t, "GET", path+"?pageSize=2&pageToken="+url.QueryEscape(first.NextPageToken), nil, &second)
	if len(second.Events) == 0 {
		t.Fatal("second page is empty")
	}
	events := append(first.Events, second.Events...)
	for i := 1; i < len(events); i++ {
		if events[i].Revision >= events[i-1].Revision {
			t.Errorf("revision %d follows %d: want newest first across pages", events[i].Revision, events[i-1].Revision)
		}
	}

	del, upd, create := events[0], events[1], events[2]
	resource := "tenants/" + ten.ID + "/users/u1"
	if del.Action != "DeleteUser" || del.Resource != resource || del.Before == nil || del.After != nil {
		t.Errorf("newest event = %+v, want DeleteUser of %s with a before and no after", del, resource)
	}
	if upd.Action != "UpdateUser" || string(upd.Before["jobTitle"]) == `"Buyer"` || string(upd.After["jobTitle"]) != `"Buyer"` {
		t.Errorf("second event = %+v, want UpdateUser with jobTitle Buyer after and not before", upd)
	}
	if create.Action != "CreateUser" || create.Before != nil || create.After == nil || create.Actor != "admin" {
		t.Errorf("third event = %+v, want CreateUser by admin with an after and no before", create)
	}
}
