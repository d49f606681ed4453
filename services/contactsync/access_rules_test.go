package contactsync_test

import (
	"context"
	"slices"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestEveryMethodHasAnAccessRule: a method without one would refuse every
// call; this names it first.
func TestEveryMethodHasAnAccessRule(t *testing.T) {
	service := contactsyncv1.File_liaison_contactsync_v1_contact_sync_service_proto.Services().Get(0)
	if missing := contactsync.AccessRules().Missing(service); len(missing) > 0 {
		t.Errorf("methods without an access rule: %v", missing)
	}
}

func TestWhoMayCallWhat(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice, bob := h.alice(), h.as("contoso", "bob")
	h.createContact(alice, &contactsyncv1.Contact{GivenName: "Own"})
	h.connectAndSync(alice)
	h.connectAndSync(bob)
	// A purge job to ask about.
	if _, err := h.consent.Disconnect(alice, &consentv1.DisconnectRequest{}); err != nil {
		t.Fatal(err)
	}
	h.wantPurged(alice, "alice", 4, contactsyncv1.PurgeJob_CONSENT_CHANGE, contactsyncv1.SyncStatus_NO_CONSENT)
	job := h.purgeJobOf("alice")

	tenantWide := func(ctx context.Context, tenant string) map[string]error {
		return map[string]error{
			"ListContactSyncStatuses": call(h.sync.ListContactSyncStatuses(ctx, &contactsyncv1.ListContactSyncStatusesRequest{Tenant: tenant})),
			"ListPurgeJobs":           call(h.sync.ListPurgeJobs(ctx, &contactsyncv1.ListPurgeJobsRequest{Tenant: tenant})),
			"GetPurgeJob":             call(h.sync.GetPurgeJob(ctx, &contactsyncv1.GetPurgeJobRequest{Tenant: tenant, Job: job.Id})),
			"CountSyncedContacts":     call(h.sync.CountSyncedContacts(ctx, &contactsyncv1.CountSyncedContactsRequest{Tenant: tenant, Users: []string{"bob"}})),
			"ExportUserContacts":      call(h.sync.ExportUserContacts(ctx, &contactsyncv1.ExportUserContactsRequest{Tenant: tenant, User: "alice"})),
		}
	}
	// Malformed as well: a caller without access learns nothing of the
	// request's rules.
	malformed := func(ctx context.Context, tenant string) map[string]error {
		return map[string]error{
			"ListContactSyncStatuses": call(h.sync.ListContactSyncStatuses(ctx, &contactsyncv1.ListContactSyncStatusesRequest{Tenant: tenant, PageSize: -1})),
			"ListPurgeJobs":           call(h.sync.ListPurgeJobs(ctx, &contactsyncv1.ListPurgeJobsRequest{Tenant: tenant, PageToken: "!"})),
			"GetPurgeJob":             call(h.sync.GetPurgeJob(ctx, &contactsyncv1.GetPurgeJobRequest{Tenant: tenant, Job: "x"})),
			"CountSyncedContacts":     call(h.sync.CountSyncedContacts(ctx, &contactsyncv1.CountSyncedContactsRequest{Tenant: tenant})),
			"ExportUserContacts":      call(h.sync.ExportUserContacts(ctx, &contactsyncv1.ExportUserContactsRequest{Tenant: tenant, User: "a/b"})),
		}
	}
	own := func(ctx context.Context) map[string]error {
		return map[string]error{
			"ListContactFolders": call(h.sync.ListContactFolders(ctx, &contactsyncv1.ListContactFoldersRequest{})),
			"ListContacts":       call(h.sync.ListContacts(ctx, &contactsyncv1.ListContactsRequest{Folder: "contacts"})),
			"GetContact":         call(h.sync.GetContact(ctx, &contactsyncv1.GetContactRequest{Folder: "contacts", Contact: "c-x"})),
			"CreateContact":      call(h.sync.CreateContact(ctx, &contactsyncv1.CreateContactRequest{Folder: "contacts", Contact: &contactsyncv1.Contact{GivenName: "X"}})),
			"UpdateContact":      call(h.sync.UpdateContact(ctx, &contactsyncv1.UpdateContactRequest{Folder: "contacts", Contact: &contactsyncv1.Contact{Id: "c-x"}})),
			"DeleteContact":      call(h.sync.DeleteContact(ctx, &contactsyncv1.DeleteContactRequest{Folder: "contacts", Contact: "c-x"})),
			"DeltaContacts":      call(h.sync.DeltaContacts(ctx, &contactsyncv1.DeltaContactsRequest{Folder: "contacts"})),
			"GetMyContactSync":   call(h.sync.GetMyContactSync(ctx, &contactsyncv1.GetMyContactSyncRequest{})),
			"RunMyContactSync":   call(h.sync.RunMyContactSync(ctx, &contactsyncv1.RunMyContactSyncRequest{})),
		}
	}
	want := func(who string, errs map[string]error, code codes.Code) {
		t.Helper()
		for method, err := range errs {
			if status.Code(err) != code {
				t.Errorf("%s, %s: %v, want %v", who, method, err, code)
			}
		}
	}

	govAdmin := h.as("gov", "admin", auth.RoleTenantAdmin)
	want("another tenant's admin", tenantWide(govAdmin, "contoso"), codes.NotFound)
	want("another tenant's admin, malformed", malformed(govAdmin, "contoso"), codes.NotFound)
	want("another tenant's user", tenantWide(h.as("gov", "dave"), "contoso"), codes.NotFound)
	want("a user of the tenant", tenantWide(alice, "contoso"), codes.PermissionDenied)
	want("a user of the tenant, malformed", malformed(alice, "contoso"), codes.PermissionDenied)
	want("contoso's admin, about gov", tenantWide(h.admin(), "gov"), codes.NotFound)
	// The tenant's admin, operators and services read the tenant.
	want("the tenant's admin", tenantWide(h.admin(), "contoso"), codes.OK)
	want("an operator", tenantWide(h.as("", "ops", auth.RoleOperator), "contoso"), codes.OK)
	// A service reads the lists; users' contacts and their counts only the
	// services named for them (policy's impact preview counts).
	byService := tenantWide(h.asService("profile-card"), "contoso")
	want("a service, users' contacts", map[string]error{
		"CountSyncedContacts": byService["CountSyncedContacts"], "ExportUserContacts": byService["ExportUserContacts"],
	}, codes.PermissionDenied)
	delete(byService, "CountSyncedContacts")
	delete(byService, "ExportUserContacts")
	want("a service", byService, codes.OK)
	want("policy, counting", map[string]error{
		"CountSyncedContacts": call(h.sync.CountSyncedContacts(h.asService("policy"),
			&contactsyncv1.CountSyncedContactsRequest{Tenant: "contoso", Users: []string{"bob"}})),
	}, codes.OK)

	// The contact calls and the "My" calls are a user's, on their own
	// mailbox: services and operators have none.
	want("a service", own(h.asService("profile-card")), codes.PermissionDenied)
	want("contact-sync itself", own(h.asService("contact-sync")), codes.PermissionDenied)
	want("an operator", own(h.as("", "ops", auth.RoleOperator)), codes.PermissionDenied)
	want("no token", own(context.Background()), codes.Unauthenticated)
	want("no token", tenantWide(context.Background(), "contoso"), codes.Unauthenticated)

	// Alice's calls are about her mailbox only: bob's contact is not hers.
	bobs := h.contacts(bob, "linkedin")[0]
	if _, err := h.sync.GetContact(alice, &contactsyncv1.GetContactRequest{Folder: "linkedin", Contact: bobs.Id}); status.Code(err) != codes.NotFound {
		t.Errorf("alice reading bob's contact: %v", err)
	}

	// What the tenant's admin reads.
	count, err := h.sync.CountSyncedContacts(h.admin(), &contactsyncv1.CountSyncedContactsRequest{Tenant: "contoso", Users: []string{"alice", "bob", "carol"}})
	if err != nil || count.Contacts != 3 {
		t.Errorf("synced contacts of alice (purged), bob (3) and carol (none): %v, %v", count, err)
	}
	statuses, err := h.sync.ListContactSyncStatuses(h.admin(), &contactsyncv1.ListContactSyncStatusesRequest{Tenant: "contoso"})
	if err != nil || len(statuses.Statuses) != 2 || statuses.Statuses[0].User != "alice" || statuses.Statuses[1].User != "bob" ||
		statuses.Statuses[0].State != contactsyncv1.SyncStatus_NOT_ELIGIBLE || statuses.Statuses[1].ContactCount != 3 {
		t.Errorf("statuses: %v, %v", statuses, err)
	}
	export, err := h.sync.ExportUserContacts(h.admin(), &contactsyncv1.ExportUserContactsRequest{Tenant: "contoso", User: "alice"})
	if err != nil || len(export.Contacts) != 1 || export.Contacts[0].GivenName != "Own" || len(export.PurgeJobs) != 1 ||
		export.PurgeJobs[0].Id != job.Id || export.Status.Reason != contactsyncv1.SyncStatus_NO_CONSENT {
		t.Errorf("alice's export: %v, %v", export, err)
	}
	export, err = h.sync.ExportUserContacts(h.admin(), &contactsyncv1.ExportUserContactsRequest{Tenant: "contoso", User: "bob"})
	if err != nil || len(export.Contacts) != 3 || len(export.PurgeJobs) != 0 || export.Status.ContactCount != 3 {
		t.Errorf("bob's export: %v, %v", export, err)
	}
	// Page by page, the same contacts, each once.
	var paged []string
	for token, pages := "", 0; pages == 0 || token != ""; pages++ {
		page, err := h.sync.ExportUserContacts(h.admin(), &contactsyncv1.ExportUserContactsRequest{Tenant: "contoso", User: "bob", PageSize: 2, PageToken: token})
		if err != nil || len(page.Contacts) > 2 || pages > 3 {
			t.Fatalf("bob's export, page %d: %v, %v", pages+1, page, err)
		}
		for _, c := range page.Contacts {
			paged = append(paged, c.Id)
		}
		token = page.NextPageToken
	}
	var whole []string
	for _, c := range export.Contacts {
		whole = append(whole, c.Id)
	}
	if !slices.Equal(paged, whole) {
		t.Errorf("bob's export in pages of 2: %v, want %v", paged, whole)
	}
	if _, err := h.sync.ExportUserContacts(h.admin(), &contactsyncv1.ExportUserContactsRequest{Tenant: "contoso", User: "bob", PageToken: "bm90LWEtdG9rZW4"}); status.Code(err) != codes.InvalidArgument {
		t.Errorf("a made-up page token: %v", err)
	}
}

// call keeps a call's error only.
func call[R any](_ R, err error) error { return err }
