package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestContactSyncDoneWhen is the "Done when", step by step, through
// the gateway: a user connects LinkedIn and her connections arrive as
// contacts of a read-only "linkedin" folder, each with every phone, email
// and address LinkedIn holds; a write there is refused; a connection made
// at LinkedIn arrives at the next sync and one removed leaves; and when her
// mailbox policy switches LinkedIn contact sync off, the folder is gone at
// once and a purge job deletes every synced contact.
//
// The demo network's alice (connected to bob, dana, erin and frank; grace
// joins, frank leaves) is rebuilt in the test's own tenant with members of
// its own, so the shared stack's demo data stays as it is.
func TestContactSyncDoneWhen(t *testing.T) {
	ten, admin := newTenant(t, "US")
	alice := newLinkedInUser(t, admin, ten.ID, "alice")
	network := map[string]string{}
	for _, name := range []string{"Bob", "Dana", "Erin", "Frank", "Grace"} {
		network[name] = simCreateProfile(t, name, "Tester")
	}
	for _, name := range []string{"Bob", "Dana", "Erin", "Frank"} {
		simConnect(t, alice.memberID, network[name])
	}

	t.Run("before connecting LinkedIn there is no linkedin folder", func(t *testing.T) {
		st := syncStatusOf(t, alice.caller)
		if st.State != "NOT_ELIGIBLE" || st.Reason != "NO_CONSENT" {
			t.Errorf("status %s, want NOT_ELIGIBLE NO_CONSENT", jsonText(st))
		}
		if got := folderCounts(t, alice.caller); !slices.Equal(got, []string{"contacts=0"}) {
			t.Errorf("folders %q, want only contacts=0", got)
		}
		alice.fails(t, "GET", folderPath("linkedin"), nil, notFound)
	})

	connectLinkedIn(t, alice.caller, bidirectional)
	var first syncStatus
	t.Run("connecting fills the linkedin folder", func(t *testing.T) {
		first = waitSyncedAfter(t, alice.caller, "", syncSlack)
		if first.Reason != "ELIGIBLE" || first.ContactCount != 4 || first.LastAdded != 4 || first.LastError != "" || first.NextRunTime == "" {
			t.Errorf("status %s, want ELIGIBLE with 4 contacts, 4 added, no error and a next run", jsonText(first))
		}
		if got := folderCounts(t, alice.caller); !slices.Equal(got, []string{"contacts=0", "linkedin=4 ro"}) {
			t.Errorf("folders %q, want contacts=0 and linkedin=4 read-only", got)
		}
		wantFolderIsNetwork(t, alice.caller, alice.memberID)
	})

	t.Run("every phone, email and address arrives", func(t *testing.T) {
		for _, c := range listFolder(t, alice.caller, "linkedin") {
			m := simGetMember(t, c.SourceMemberID)
			if len(m.Phones) != 4 || len(m.Emails) != 3 || len(m.Addresses) != 3 {
				t.Fatalf("the simulator holds %s without the full profile it was given: %s", m.ID, jsonText(m))
			}
			wantContactOfMember(t, c, m)
			var one contact
			alice.ok(t, "GET", contactPath("linkedin", c.ID), nil, &one)
			if jsonText(one) != jsonText(c) {
				t.Errorf("GET %s = %s\nthe listing says %s", c.ID, jsonText(one), jsonText(c))
			}
		}
	})

	t.Run("the linkedin folder is read-only", func(t *testing.T) {
		contacts := listFolder(t, alice.caller, "linkedin")
		if len(contacts) == 0 {
			t.Fatal("no contacts to try writing")
		}
		c := contacts[0]
		readOnly := conflict("READ_ONLY_FOLDER")
		alice.fails(t, "PATCH", contactPath("linkedin", c.ID), map[string]any{"givenName": "Mallory"}, readOnly)
		alice.fails(t, "PATCH", contactPath("linkedin", c.ID), map[string]any{"givenName": "Mallory", "etag": c.Etag}, readOnly)
		alice.fails(t, "DELETE", contactPath("linkedin", c.ID), nil, readOnly)
		alice.fails(t, "POST", folderPath("linkedin"), map[string]any{"givenName": "Mallory"}, readOnly)
		var after contact
		alice.ok(t, "GET", contactPath("linkedin", c.ID), nil, &after)
		if jsonText(after) != jsonText(c) {
			t.Errorf("after the refused writes %s\nwas %s", jsonText(after), jsonText(c))
		}
		if n := len(listFolder(t, alice.caller, "linkedin")); n != 4 {
			t.Errorf("%d contacts after the refused writes, want 4", n)
		}
	})

	// The client's delta from here on shows grace arriving and frank going.
	var delta contactDelta
	alice.ok(t, "GET", folderPath("linkedin")+":delta", nil, &delta)

	t.Run("a connection made at LinkedIn arrives at the next sync", func(t *testing.T) {
		simConnect(t, alice.memberID, network["Grace"])
		st := syncNow(t, alice.caller, syncSlack)
		if st.ContactCount != 5 || st.LastAdded != 1 || st.LastDeleted != 0 {
			t.Errorf("status %s, want 5 contacts, 1 added, none deleted", jsonText(st))
		}
		wantFolderIsNetwork(t, alice.caller, alice.memberID)
		for _, c := range listFolder(t, alice.caller, "linkedin") {
			if c.SourceMemberID == network["Grace"] {
				wantContactOfMember(t, c, simGetMember(t, network["Grace"]))
			}
		}
	})

	var frank contact
	t.Run("a connection removed at LinkedIn leaves at the next sync", func(t *testing.T) {
		for _, c := range listFolder(t, alice.caller, "linkedin") {
			if c.SourceMemberID == network["Frank"] {
				frank = c
			}
		}
		if frank.ID == "" {
			t.Fatal("frank is not in the folder before he leaves")
		}
		simDisconnect(t, alice.memberID, network["Frank"])
		st := syncNow(t, alice.caller, syncSlack)
		if st.ContactCount != 4 || st.LastDeleted != 1 || st.LastAdded != 0 {
			t.Errorf("status %s, want 4 contacts, 1 deleted, none added", jsonText(st))
		}
		wantFolderIsNetwork(t, alice.caller, alice.memberID)
		alice.fails(t, "GET", contactPath("linkedin", frank.ID), nil, notFound)
	})

	t.Run("the delta shows grace added and frank deleted", func(t *testing.T) {
		var changes contactDelta
		alice.ok(t, "GET", folderPath("linkedin")+":delta?syncToken="+delta.SyncToken, nil, &changes)
		var added []string
		for _, c := range changes.Contacts {
			added = append(added, c.SourceMemberID)
		}
		if !slices.Equal(added, []string{network["Grace"]}) || !slices.Equal(changes.Deleted, []string{frank.ID}) || changes.SyncToken == "" {
			t.Errorf("delta %s, want grace (%s) added, frank (%s) deleted and a sync token", jsonText(changes), network["Grace"], frank.ID)
		}
	})

	t.Run("the impact preview counts the contacts turning connections off would delete", func(t *testing.T) {
		var preview struct {
			UsersLosing     int64 `json:"usersLosing,string"`
			ContactsDeleted int64 `json:"contactsDeleted,string"`
			ContactsCounted bool  `json:"contactsCounted"`
		}
		admin.ok(t, "POST", "/v1/tenants/"+ten.ID+"/linkedinSettings:preview", map[string]any{"mode": "DISABLED"}, &preview)
		want := syncStatusOf(t, alice.caller).ContactCount
		if !preview.ContactsCounted || preview.ContactsDeleted != want || want == 0 || preview.UsersLosing == 0 {
			t.Errorf("preview %+v, want %d contacts counted (alice's)", preview, want)
		}
	})

	var folderBefore int64
	t.Run("switching the mailbox policy's contact sync off empties the folder", func(t *testing.T) {
		folderBefore = syncStatusOf(t, alice.caller).ContactCount
		setContactSync(t, admin, ten.ID, false)
		eventually(t, followThrough, "alice's linkedin folder gone", func() (bool, string) {
			resp := alice.send(t, "GET", folderPath("linkedin"), nil)
			return resp.status == http.StatusNotFound, string(resp.body)
		})
		wantNoLinkedInFolder(t, alice.caller)
		if got := folderCounts(t, alice.caller); !slices.Equal(got, []string{"contacts=0"}) {
			t.Errorf("folders %q, want only contacts=0", got)
		}
		st := syncStatusOf(t, alice.caller)
		if st.State != "NOT_ELIGIBLE" || st.Reason != "DISABLED_BY_MAILBOX_POLICY" || st.ContactCount != 0 || st.NextRunTime != "" {
			t.Errorf("status %s, want NOT_ELIGIBLE DISABLED_BY_MAILBOX_POLICY, no contacts, no next run", jsonText(st))
		}
		alice.fails(t, "POST", mySync+":run", map[string]any{}, policyDeniedSync("DISABLED_BY_MAILBOX_POLICY"))
	})

	t.Run("the purge job is DONE with every contact deleted", func(t *testing.T) {
		job := waitPurgeDone(t, admin, ten.ID, "alice", followThrough)
		if job.Deleted != job.Total || job.Total != folderBefore || job.Total == 0 {
			t.Errorf("purge job %s, want deleted == total == %d", jsonText(job), folderBefore)
		}
		if job.Trigger != "POLICY_CHANGE" || job.Reason != "DISABLED_BY_MAILBOX_POLICY" || job.Tenant != ten.ID ||
			job.CreateTime == "" || job.StartTime == "" || job.EndTime == "" || job.Error != "" {
			t.Errorf("purge job %s, want POLICY_CHANGE, DISABLED_BY_MAILBOX_POLICY, its times and no error", jsonText(job))
		}
		var one purgeJob
		admin.ok(t, "GET", tenantPath(ten.ID)+"/purgeJobs/"+job.ID, nil, &one)
		if one != job {
			t.Errorf("GET purgeJobs/%s = %s\nthe listing says %s", job.ID, jsonText(one), jsonText(job))
		}
		var statuses syncStatusList
		admin.ok(t, "GET", tenantPath(ten.ID)+"/contactSync", nil, &statuses)
		if len(statuses.Statuses) != 1 || statuses.Statuses[0].State != "NOT_ELIGIBLE" || statuses.Statuses[0].ContactCount != 0 {
			t.Errorf("tenant's statuses %s, want alice's alone, NOT_ELIGIBLE with no contacts", jsonText(statuses))
		}
	})

	t.Run("switching it back on syncs the network again", func(t *testing.T) {
		before := syncStatusOf(t, alice.caller)
		setContactSync(t, admin, ten.ID, true)
		st := waitSyncedAfter(t, alice.caller, before.LastSuccessTime, syncSlack)
		if st.Reason != "ELIGIBLE" || st.ContactCount != 4 || st.LastAdded != 4 {
			t.Errorf("status %s, want ELIGIBLE with the 4 contacts added again", jsonText(st))
		}
		wantFolderIsNetwork(t, alice.caller, alice.memberID)
	})
}

// sendUnthrottled is send for a burst of requests from one caller, over
// the gateway's rate: a 429 is waited out and the request sent again.
func sendUnthrottled(t *testing.T, c caller, method, path string, body any) response {
	t.Helper()
	for {
		resp := c.send(t, method, path, body)
		if resp.status != http.StatusTooManyRequests {
			return resp
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// policyDeniedSync is RunMyContactSync's refusal of a user who may not
// sync, with the status's reason.
func policyDeniedSync(reason string) apiError {
	e := conflict("POLICY_DENIED")
	e.metadata = map[string]string{"sync_reason": reason}
	return e
}

// TestContactSyncBadInput sends contact sync every kind of bad request
// through the gateway: each is refused with the status and error the
// contract names (400 naming the field, 404, 409), never a 500.
func TestContactSyncBadInput(t *testing.T) {
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "ursula")
	simConnect(t, user.memberID, simCreateProfile(t, "Connie", "Tester"))
	connectLinkedIn(t, user.caller, linkedinToOrganization)
	waitSyncedAfter(t, user.caller, "", syncSlack)
	stranger := as(t, ten.ID, "stranger", roleUser) // no LinkedIn, no folder

	// An own contact, and its etag made stale by a change.
	var own contact
	user.ok(t, "POST", folderPath("contacts"), map[string]any{"givenName": "Olive", "emailAddresses": []map[string]any{{"type": "WORK", "address": "olive@example.com"}}}, &own)
	user.ok(t, "PATCH", contactPath("contacts", own.ID), map[string]any{"jobTitle": "Chef", "etag": own.Etag}, nil)
	var contactsDelta, linkedinDelta contactDelta
	user.ok(t, "GET", folderPath("contacts")+":delta", nil, &contactsDelta)
	user.ok(t, "GET", folderPath("linkedin")+":delta", nil, &linkedinDelta)
	long := strings.Repeat("x", 65)

	t.Run("unknown folder", func(t *testing.T) {
		runBad(t, []badRequest{
			{"list", user.caller, "GET", folderPath("archive"), nil, invalidField("folder")},
			{"get", user.caller, "GET", contactPath("archive", own.ID), nil, invalidField("folder")},
			{"create", user.caller, "POST", folderPath("archive"), map[string]any{"givenName": "X"}, invalidField("folder")},
			{"update", user.caller, "PATCH", contactPath("archive", own.ID), map[string]any{"givenName": "X"}, invalidField("folder")},
			{"delete", user.caller, "DELETE", contactPath("archive", own.ID), nil, invalidField("folder")},
			{"delta", user.caller, "GET", folderPath("archive") + ":delta", nil, invalidField("folder")},
			{"folder ids are lowercase", user.caller, "GET", folderPath("LinkedIn"), nil, invalidField("folder")},
		})
	})

	t.Run("bad contact fields", func(t *testing.T) {
		tooMany := make([]map[string]any, 21)
		for i := range tooMany {
			tooMany[i] = map[string]any{"type": "MOBILE", "number": "+1 555 0100"}
		}
		create := func(name string, body map[string]any, field string) badRequest {
			return badRequest{name, user.caller, "POST", folderPath("contacts"), body, invalidField(field)}
		}
		runBad(t, []badRequest{
			create("given name too long", map[string]any{"givenName": strings.Repeat("g", 129)}, "contact.given_name"),
			create("surname too long", map[string]any{"surname": strings.Repeat("s", 129)}, "contact.surname"),
			create("display name too long", map[string]any{"displayName": strings.Repeat("d", 257)}, "contact.display_name"),
			create("company too long", map[string]any{"companyName": strings.Repeat("c", 257)}, "contact.company_name"),
			create("control character in a name", map[string]any{"givenName": "Bad\u0000Name"}, "contact.given_name"),
			create("email without @", map[string]any{"emailAddresses": []map[string]any{{"type": "WORK", "address": "not-an-address"}}}, "contact.email_addresses[0].address"),
			create("email without address", map[string]any{"emailAddresses": []map[string]any{{"type": "WORK"}}}, "contact.email_addresses[0].address"),
			create("second email bad", map[string]any{"emailAddresses": []map[string]any{{"address": "ok@example.com"}, {"address": "a@@b"}}}, "contact.email_addresses[1].address"),
			create("phone of letters", map[string]any{"phones": []map[string]any{{"type": "MOBILE", "number": "call me maybe"}}}, "contact.phones[0].number"),
			create("21 phones", map[string]any{"phones": tooMany}, "contact.phones"),
			create("postal code too long", map[string]any{"postalAddresses": []map[string]any{{"type": "HOME", "postalCode": strings.Repeat("9", 33)}}}, "contact.postal_addresses[0].postal_code"),
			create("street too long", map[string]any{"postalAddresses": []map[string]any{{"street": strings.Repeat("s", 257)}}}, "contact.postal_addresses[0].street"),
			{"update to a bad email", user.caller, "PATCH", contactPath("contacts", own.ID),
				map[string]any{"emailAddresses": []map[string]any{{"address": "nope"}}}, invalidField("contact.email_addresses[0].address")},
			{"update of an output-only field", user.caller, "PATCH", contactPath("contacts", own.ID),
				map[string]any{"sourceMemberId": "m-alice"}, invalidField("update_mask")},
			{"update with an over-long etag", user.caller, "PATCH", contactPath("contacts", own.ID),
				map[string]any{"givenName": "X", "etag": strings.Repeat("e", 65)}, invalidField("contact.etag")},
		})
		bad := apiError{status: http.StatusBadRequest, code: 3, reason: "FIELD_INVALID"}
		runBad(t, []badRequest{
			{"unknown phone type", user.caller, "POST", folderPath("contacts"), map[string]any{"phones": []map[string]any{{"type": "PAGER", "number": "1"}}}, bad},
			{"unknown field", user.caller, "POST", folderPath("contacts"), map[string]any{"givenName": "X", "nickname": "Y"}, bad},
			{"malformed JSON", user.caller, "POST", folderPath("contacts"), `{"givenName": `, bad},
		})
		if n := len(listFolder(t, user.caller, "contacts")); n != 1 {
			t.Errorf("%d own contacts after the refused creates, want the 1 made before", n)
		}
	})

	t.Run("over-long or malformed contact id", func(t *testing.T) {
		runBad(t, []badRequest{
			{"get 65 characters", user.caller, "GET", contactPath("contacts", long), nil, invalidField("contact")},
			{"get in linkedin", user.caller, "GET", contactPath("linkedin", long), nil, invalidField("contact")},
			{"update", user.caller, "PATCH", contactPath("contacts", long), map[string]any{"givenName": "X"}, invalidField("contact.id")},
			{"delete", user.caller, "DELETE", contactPath("contacts", long), nil, invalidField("contact")},
			{"a dot", user.caller, "GET", contactPath("contacts", "c.1"), nil, invalidField("contact")},
			{"delete with an over-long etag", user.caller, "DELETE", contactPath("contacts", own.ID) + "?etag=" + long, nil, invalidField("etag")},
		})
	})

	t.Run("page size out of range", func(t *testing.T) {
		runBad(t, []badRequest{
			{"list 1001", user.caller, "GET", folderPath("contacts") + "?pageSize=1001", nil, invalidField("page_size")},
			{"list negative", user.caller, "GET", folderPath("linkedin") + "?pageSize=-1", nil, invalidField("page_size")},
			{"delta 5000", user.caller, "GET", folderPath("linkedin") + ":delta?pageSize=5000", nil, invalidField("page_size")},
			{"tenant statuses", admin, "GET", tenantPath(ten.ID) + "/contactSync?pageSize=1001", nil, invalidField("page_size")},
			{"purge jobs", admin, "GET", tenantPath(ten.ID) + "/purgeJobs?pageSize=-5", nil, invalidField("page_size")},
			{"list with a garbage page token", user.caller, "GET", folderPath("contacts") + "?pageToken=garbage", nil, invalidField("page_token")},
		})
	})

	t.Run("garbage or misplaced delta tokens", func(t *testing.T) {
		runBad(t, []badRequest{
			{"garbage syncToken", user.caller, "GET", folderPath("linkedin") + ":delta?syncToken=garbage", nil, invalidField("sync_token")},
			{"base64 of nonsense", user.caller, "GET", folderPath("linkedin") + ":delta?syncToken=aGVsbG8", nil, invalidField("sync_token")},
			{"over-long syncToken", user.caller, "GET", folderPath("linkedin") + ":delta?syncToken=" + strings.Repeat("A", 200), nil, invalidField("sync_token")},
			{"garbage pageToken", user.caller, "GET", folderPath("contacts") + ":delta?pageToken=garbage", nil, invalidField("page_token")},
			{"the other folder's syncToken", user.caller, "GET", folderPath("linkedin") + ":delta?syncToken=" + contactsDelta.SyncToken, nil, invalidField("sync_token")},
			{"a syncToken as pageToken", user.caller, "GET", folderPath("linkedin") + ":delta?pageToken=" + linkedinDelta.SyncToken, nil, invalidField("page_token")},
			{"both tokens", user.caller, "GET", folderPath("linkedin") + ":delta?syncToken=" + linkedinDelta.SyncToken + "&pageToken=" + linkedinDelta.SyncToken, nil, invalidField("page_token")},
			{"a token ahead of the folder", user.caller, "GET", folderPath("linkedin") + ":delta?syncToken=c3luYzpsaW5rZWRpbjo5OTk5OTk", nil, invalidField("sync_token")},
		})
	})

	t.Run("unknown contact, folder or job", func(t *testing.T) {
		runBad(t, []badRequest{
			{"own contact", user.caller, "GET", contactPath("contacts", "c-nosuchcontact"), nil, notFound},
			{"linkedin contact", user.caller, "GET", contactPath("linkedin", "li-000000000000000000000000"), nil, notFound},
			{"update", user.caller, "PATCH", contactPath("contacts", "c-nosuchcontact"), map[string]any{"givenName": "X"}, notFound},
			{"delete", user.caller, "DELETE", contactPath("contacts", "c-nosuchcontact"), nil, notFound},
			{"another user's contact", stranger, "GET", contactPath("contacts", own.ID), nil, notFound},
			{"linkedin folder of a user without LinkedIn", stranger, "GET", folderPath("linkedin"), nil, notFound},
			{"its delta", stranger, "GET", folderPath("linkedin") + ":delta", nil, notFound},
			{"purge job", admin, "GET", tenantPath(ten.ID) + "/purgeJobs/999999", nil, notFound},
			{"purge job id not digits", admin, "GET", tenantPath(ten.ID) + "/purgeJobs/abc", nil, invalidField("job")},
		})
	})

	t.Run("stale etag", func(t *testing.T) {
		runBad(t, []badRequest{
			{"PATCH", user.caller, "PATCH", contactPath("contacts", own.ID), map[string]any{"givenName": "Late", "etag": own.Etag}, etagMismatch},
			{"DELETE", user.caller, "DELETE", contactPath("contacts", own.ID) + "?etag=" + own.Etag, nil, etagMismatch},
		})
		var now contact
		user.ok(t, "GET", contactPath("contacts", own.ID), nil, &now)
		if now.GivenName != "Olive" || now.JobTitle != "Chef" {
			t.Errorf("after the refused changes %s, want Olive the Chef", jsonText(now))
		}
	})

	t.Run("wrong caller", func(t *testing.T) {
		runBad(t, []badRequest{
			{"user reads the tenant's purge jobs", user.caller, "GET", tenantPath(ten.ID) + "/purgeJobs", nil, roleRequired},
			{"user reads the tenant's statuses", user.caller, "GET", tenantPath(ten.ID) + "/contactSync", nil, roleRequired},
			{"operator has no mailbox", operator(t), "GET", myFolders, nil, apiError{status: http.StatusForbidden, code: 7}},
			{"another tenant's admin", as(t, "contoso", "admin", roleTenantAdmin), "GET", tenantPath(ten.ID) + "/purgeJobs", nil, notFound},
		})
	})

	t.Run("the good requests beside them pass", func(t *testing.T) {
		user.ok(t, "GET", folderPath("contacts")+"?pageSize=1000", nil, nil)
		user.ok(t, "GET", folderPath("linkedin")+":delta?syncToken="+linkedinDelta.SyncToken, nil, nil)
		user.ok(t, "GET", folderPath("contacts")+":delta?syncToken="+contactsDelta.SyncToken, nil, nil)
		admin.ok(t, "GET", tenantPath(ten.ID)+"/purgeJobs?pageSize=1000", nil, nil)
	})

	t.Run("odd values anywhere never answer 500", func(t *testing.T) {
		values := []string{"", "%00", "..", "%2e%2e", "%2F", "%20", "-1", "0", "99999999999999999999", "null", "%F0%9F%98%80",
			"li-" + strings.Repeat("0", 61), strings.Repeat("a", 4000), "c3luYzpsaW5rZWRpbjotMQ", "cGFnZTpsaW5rZWRpbjox"}
		base := tenantPath(ten.ID)
		routes := []struct {
			method, path string
			who          caller
			body         any
		}{
			{"GET", myFolders + "/%s/contacts", user.caller, nil},
			{"GET", folderPath("linkedin") + "/%s", user.caller, nil},
			{"GET", folderPath("contacts") + "/%s", user.caller, nil},
			{"PATCH", folderPath("contacts") + "/%s", user.caller, map[string]any{"givenName": "X"}},
			{"DELETE", folderPath("contacts") + "/%s", user.caller, nil},
			{"DELETE", contactPath("contacts", own.ID) + "?etag=%s", user.caller, nil},
			{"GET", folderPath("linkedin") + "?pageSize=%s", user.caller, nil},
			{"GET", folderPath("linkedin") + "?pageToken=%s", user.caller, nil},
			{"GET", folderPath("linkedin") + ":delta?syncToken=%s", user.caller, nil},
			{"GET", folderPath("linkedin") + ":delta?pageToken=%s", user.caller, nil},
			{"GET", folderPath("contacts") + ":delta?pageSize=%s", user.caller, nil},
			{"GET", base + "/purgeJobs/%s", admin, nil},
			{"GET", base + "/purgeJobs?pageToken=%s", admin, nil},
			{"GET", base + "/contactSync?pageToken=%s", admin, nil},
		}
		for _, r := range routes {
			for _, v := range values {
				path := strings.Replace(r.path, "%s", v, 1)
				resp := sendUnthrottled(t, r.who, r.method, path, r.body)
				if resp.status >= 500 || resp.status < 400 && resp.status != http.StatusOK {
					t.Errorf("%s %s: status %d; body %.300s", r.method, path, resp.status, resp.body)
				}
			}
		}
		bodies := []string{`null`, `[]`, `"x"`, `{"phones": [null]}`, `{"phones": "x"}`, `{"emailAddresses": [{"address": 5}]}`,
			`{"postalAddresses": [{}, {}]}`, `{"givenName": "` + strings.Repeat("é", 200) + `"}`, `{"createTime": "yesterday"}`,
			`{"id": "c-chosen", "givenName": "X"}`, `{"parentFolderId": "linkedin", "givenName": "X"}`, `{"etag": "abc"}`, `{}`}
		for _, b := range bodies {
			for _, target := range []struct{ method, path string }{{"POST", folderPath("contacts")}, {"PATCH", contactPath("contacts", own.ID)}, {"POST", mySync + ":run"}} {
				resp := sendUnthrottled(t, user.caller, target.method, target.path, b)
				if resp.status >= 500 {
					t.Errorf("%s %s with %.80s: status %d; body %.300s", target.method, target.path, b, resp.status, resp.body)
				}
			}
		}
	})
}

// TestContactSyncExportsOwnContactsOnlyWhenTheyChange: with both-ways
// consent the user's own contacts replace LinkedIn's imported copy after a
// sync "whenever they changed since the last export"
// (services/contactsync/export_contacts.go). A sync in which only the
// LinkedIn folder changed must not upload the own folder again. What
// LinkedIn holds is marked with a contact the test imports there itself:
// an upload replaces it.
func TestContactSyncExportsOwnContactsOnlyWhenTheyChange(t *testing.T) {
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "erika")
	simConnect(t, user.memberID, simCreateProfile(t, "Fay", "Tester"))
	var own contact
	user.ok(t, "POST", folderPath("contacts"), map[string]any{"givenName": "Olive", "emailAddresses": []map[string]any{{"address": "olive@example.com"}}}, &own)
	connectLinkedIn(t, user.caller, bidirectional)
	waitSyncedAfter(t, user.caller, "", syncSlack)
	eventually(t, syncSlack, "erika's own contact exported to LinkedIn", func() (bool, string) {
		n := simImportedContacts(t, user.memberID)
		return n == 1, fmt.Sprintf("LinkedIn holds %d imported contacts", n)
	})

	simImportContacts(t, user.memberID, simContact{FirstName: "Marker", Emails: []string{"marker@example.com"}})
	if n := simImportedContacts(t, user.memberID); n != 2 {
		t.Fatalf("LinkedIn holds %d imported contacts after the marker, want 2", n)
	}

	t.Run("a sync with no change uploads nothing", func(t *testing.T) {
		syncNow(t, user.caller, syncSlack)
		if n := simImportedContacts(t, user.memberID); n != 2 {
			t.Errorf("LinkedIn holds %d imported contacts, want the 2 it held", n)
		}
	})

	t.Run("a sync in which only LinkedIn's side changed uploads nothing", func(t *testing.T) {
		simConnect(t, user.memberID, simCreateProfile(t, "Gil", "Tester"))
		st := syncNow(t, user.caller, syncSlack)
		if st.LastAdded != 1 {
			t.Fatalf("status %s, want Gil added", jsonText(st))
		}
		if n := simImportedContacts(t, user.memberID); n != 2 {
			t.Errorf("LinkedIn holds %d imported contacts, want the 2 it held: the sync uploaded the own folder again "+
				"though only the linkedin folder changed", n)
		}
	})

	t.Run("a change of the own folder is uploaded at the next sync", func(t *testing.T) {
		user.ok(t, "PATCH", contactPath("contacts", own.ID), map[string]any{"surname": "Oyl"}, nil)
		syncNow(t, user.caller, syncSlack)
		if n := simImportedContacts(t, user.memberID); n != 1 {
			t.Errorf("LinkedIn holds %d imported contacts, want the own folder's 1", n)
		}
	})
}
