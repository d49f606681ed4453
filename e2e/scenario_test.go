package e2e

import (
	"slices"
	"testing"
)

// TestTheScenarioEverythingMustPass is ../shared/docs/PRODUCT.md's scenario
// over the gateway's HTTP API, step by step, in a tenant of the test's own
// built like the demo's (alice in pilot through the nested pilot-core,
// carol outside it, dana outside the organization). The browser version
// (e2e/console) clicks through the same story in the console.
func TestTheScenarioEverythingMustPass(t *testing.T) {
	ten, admin := newTenant(t, "US")
	alice := newLinkedInUser(t, admin, ten.ID, "alice")
	bob := newLinkedInUser(t, admin, ten.ID, "bob")
	carol := newLinkedInUser(t, admin, ten.ID, "carol")
	createGroup(t, admin, ten.ID, "pilot-core", "users/alice", "users/bob")
	createGroup(t, admin, ten.ID, "pilot", "groups/pilot-core")
	simCall(t, "PATCH", "/sim/members/"+bob.memberID, map[string]any{"headline": "Account executive at " + ten.ID}, nil)
	frank := simCreateProfile(t, "Frank", "Tester")
	grace := simCreateProfile(t, "Grace", "Tester")
	dana := simCreateProfile(t, "Dana", "Outside")
	danaEmail := simGetMember(t, dana).VerifiedEmails[0]
	for _, m := range []string{bob.memberID, frank, dana} {
		simConnect(t, alice.memberID, m)
	}
	bobEmail := "bob@" + ten.ID + ".example.com"

	t.Run("the admin sets Selected group pilot", func(t *testing.T) {
		s := patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
		if s.Mode != "SELECTED_GROUP" || s.SelectedGroup != "pilot" {
			t.Fatalf("settings %s", jsonText(s))
		}
		wantReason(t, "alice", checkAccess(t, admin, ten.ID, "alice", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")
		wantReason(t, "carol", checkAccess(t, admin, ten.ID, "carol", "ACCOUNT_CONNECTION", "WEB"), "NOT_IN_SELECTED_GROUP")
	})

	t.Run("alice finds bob, opens his card and is asked to connect", func(t *testing.T) {
		var found struct {
			People []struct {
				ID    string `json:"id"`
				Email string `json:"email"`
			} `json:"people"`
		}
		alice.ok(t, "GET", "/v1/me/people?query=BOB", nil, &found)
		if len(found.People) != 1 || found.People[0].ID != "bob" || found.People[0].Email != bobEmail {
			t.Fatalf("alice's search for BOB: %s", jsonText(found))
		}
		c := cardOf(t, alice.caller, found.People[0].Email)
		if c.LinkedIn.State != "CONSENT_REQUIRED" || c.LinkedIn.ConnectURL == "" || c.LinkedIn.Headline != "" {
			t.Errorf("alice's card of bob: %s", jsonText(c.LinkedIn))
		}
	})

	connectLinkedIn(t, alice.caller, bidirectional)
	t.Run("she connected both ways, and bob's card shows his headline", func(t *testing.T) {
		if conn := getConnection(t, alice.caller); conn.State != "CONNECTED" || conn.Direction != bidirectional {
			t.Errorf("alice's connection %s", jsonText(conn))
		}
		c := cardOf(t, alice.caller, bobEmail)
		if c.LinkedIn.State != "SHOWN" || c.LinkedIn.Headline != "Account executive at "+ten.ID {
			t.Errorf("alice's card of bob: %s", jsonText(c.LinkedIn))
		}
	})

	t.Run("carol sees only directory facts, with the reason", func(t *testing.T) {
		c := cardOf(t, carol.caller, bobEmail)
		if c.LinkedIn.State != "NOT_IN_SELECTED_GROUP" || c.LinkedIn.Message == "" || c.LinkedIn.Headline != "" || !c.Directory.InDirectory {
			t.Errorf("carol's card of bob: %s / %s", jsonText(c.LinkedIn), jsonText(c.Directory))
		}
	})

	t.Run("alice's LinkedIn folder fills, read-only", func(t *testing.T) {
		st := waitSyncedAfter(t, alice.caller, "", syncSlack)
		if st.ContactCount != 3 {
			t.Fatalf("alice's sync %s, want 3 contacts", jsonText(st))
		}
		contacts := listFolder(t, alice.caller, "linkedin")
		for _, c := range contacts {
			wantContactOfMember(t, c, simGetMember(t, c.SourceMemberID))
		}
		readOnly := conflict("READ_ONLY_FOLDER")
		alice.fails(t, "PATCH", contactPath("linkedin", contacts[0].ID), map[string]any{"givenName": "Mallory"}, readOnly)
		alice.fails(t, "DELETE", contactPath("linkedin", contacts[0].ID), nil, readOnly)
	})

	t.Run("a new connection appears after the next sync, a removed one disappears", func(t *testing.T) {
		simConnect(t, alice.memberID, grace)
		simDisconnect(t, alice.memberID, frank)
		st := syncNow(t, alice.caller, syncSlack)
		members := sources(t, listFolder(t, alice.caller, "linkedin"))
		if st.LastAdded != 1 || st.LastDeleted != 1 || !slices.Contains(members, grace) || slices.Contains(members, frank) {
			t.Errorf("after the sync %s, the folder holds %v: want grace in, frank out", jsonText(st), members)
		}
	})

	t.Run("dana hides her profile, and alice's card of her says why", func(t *testing.T) {
		if c := cardOf(t, alice.caller, danaEmail); c.LinkedIn.State != "SHOWN" {
			t.Fatalf("alice's card of dana before: %s", jsonText(c.LinkedIn))
		}
		simCall(t, "PATCH", "/sim/members/"+dana, map[string]any{"visibleInMicrosoftApps": false}, nil)
		if c := cardOf(t, alice.caller, danaEmail); c.LinkedIn.State != "HIDDEN_BY_MEMBER" || c.LinkedIn.Message == "" || c.LinkedIn.Headline != "" {
			t.Errorf("alice's card of dana after she hid: %s", jsonText(c.LinkedIn))
		}
	})

	// Bob connects too, so the tenant still holds synced contacts when
	// alice has gone and the admin switches sync off.
	simConnect(t, bob.memberID, grace)
	connectLinkedIn(t, bob.caller, linkedinToOrganization)
	waitSyncedAfter(t, bob.caller, "", syncSlack)

	t.Run("alice disconnects: her folder is emptied and the cache forgets her", func(t *testing.T) {
		alice.ok(t, "POST", myConnection+":disconnect", map[string]any{}, nil)
		wantNoLinkedInFolder(t, alice.caller)
		if c := cardOf(t, alice.caller, bobEmail); c.LinkedIn.State != "CONSENT_REQUIRED" || c.LinkedIn.Headline != "" {
			t.Errorf("alice's card of bob right after disconnecting: %s", jsonText(c.LinkedIn))
		}
	})

	t.Run("contact sync off in the mailbox policy purges every synced contact, with progress", func(t *testing.T) {
		setContactSync(t, admin, ten.ID, false)
		job := waitPurgeDone(t, admin, ten.ID, "bob", syncSlack)
		if job.Total == 0 || job.Deleted != job.Total || job.Trigger != "POLICY_CHANGE" || job.Reason != "DISABLED_BY_MAILBOX_POLICY" {
			t.Errorf("bob's purge %s", jsonText(job))
		}
		wantNoLinkedInFolder(t, bob.caller)
		if st := syncStatusOf(t, bob.caller); st.State != "NOT_ELIGIBLE" || st.Reason != "DISABLED_BY_MAILBOX_POLICY" {
			t.Errorf("bob's sync status %s", jsonText(st))
		}
	})

	t.Run("or the tenant set to No: purged again, and every decision says why", func(t *testing.T) {
		setContactSync(t, admin, ten.ID, true)
		// Contact-sync learns of the switch from policy's stream.
		eventually(t, syncSlack, "bob's sync eligible again", func() (bool, string) {
			st := syncStatusOf(t, bob.caller)
			return st.Reason == "ELIGIBLE", jsonText(st)
		})
		syncNow(t, bob.caller, syncSlack)
		before := len(purgeJobsOf(t, admin, ten.ID, "bob"))
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "DISABLED"})
		eventually(t, syncSlack, "a second purge of bob's contacts, DONE", func() (bool, string) {
			jobs := purgeJobsOf(t, admin, ten.ID, "bob")
			return len(jobs) > before && jobs[0].State == "DONE" && jobs[0].Reason == "DISABLED_BY_TENANT" && jobs[0].Deleted == jobs[0].Total, jsonText(jobs)
		})
		wantNoLinkedInFolder(t, bob.caller)
		wantReason(t, "bob", checkAccess(t, admin, ten.ID, "bob", "ACCOUNT_CONNECTION", "WEB"), "DISABLED_BY_TENANT")
		if c := cardOf(t, bob.caller, "alice"); c.LinkedIn.State != "DISABLED_BY_TENANT" || c.LinkedIn.Message == "" {
			t.Errorf("bob's card of alice: %s", jsonText(c.LinkedIn))
		}
		if st := syncStatusOf(t, bob.caller); st.Reason != "DISABLED_BY_TENANT" {
			t.Errorf("bob's sync status %s", jsonText(st))
		}
	})
}
