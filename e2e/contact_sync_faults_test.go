package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Contact sync when things break: LinkedIn down, and contact-sync itself
// killed (a crash: no SIGTERM, no graceful shutdown) in the middle of a
// large sync or a large purge.

// rescueLimit bounds the recovery of a job whose process died while it
// ran: the queue takes it for dead 30 s after its 30 s time limit, its
// rescuer looks every 30 s, and the restarted process must first win the
// queue's leadership; then the job goes on where it stood.
const rescueLimit = 150 * time.Second

// TestContactSyncLinkedInDown: with LinkedIn's connections feed failing, a
// sync fails and says why, and what was synced stays; a purge (the user's
// mailbox policy switched off) still completes at once, since purging never
// waits for LinkedIn.
func TestContactSyncLinkedInDown(t *testing.T) {
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "olivia")
	for _, name := range []string{"Pat", "Quinn", "Ray"} {
		simConnect(t, user.memberID, simCreateProfile(t, name, "Tester"))
	}
	connectLinkedIn(t, user.caller, bidirectional)
	synced := waitSyncedAfter(t, user.caller, "", syncSlack)
	if synced.ContactCount != 3 {
		t.Fatalf("status %s before the outage, want 3 contacts", jsonText(synced))
	}

	simFailPaths(t, "/v2/connections")
	t.Cleanup(func() { setContactSync(t, admin, ten.ID, true) })

	t.Run("a sync fails with the reason, keeping what was synced", func(t *testing.T) {
		runSync(t, user.caller)
		var st syncStatus
		eventually(t, syncSlack, "olivia's sync FAILED", func() (bool, string) {
			st = syncStatusOf(t, user.caller)
			return st.State == "FAILED", jsonText(st)
		})
		if st.LastError == "" || st.LastAttemptTime == "" || !later(st.LastAttemptTime, synced.LastAttemptTime) {
			t.Errorf("status %s, want the last error and a new attempt time", jsonText(st))
		}
		if st.LastSuccessTime != synced.LastSuccessTime || st.ContactCount != 3 || st.Reason != "ELIGIBLE" {
			t.Errorf("status %s, want the last success and the 3 contacts kept", jsonText(st))
		}
		for _, secret := range []string{"Bearer", "access_token", "token="} {
			if strings.Contains(st.LastError, secret) {
				t.Errorf("lastError %q shows %q", st.LastError, secret)
			}
		}
		t.Logf("lastError: %s", st.LastError)
		wantFolderIsNetwork(t, user.caller, user.memberID)
		var statuses syncStatusList
		admin.ok(t, "GET", tenantPath(ten.ID)+"/contactSync", nil, &statuses)
		// (The queue retries the run meanwhile: RUNNING again for a moment.)
		if len(statuses.Statuses) != 1 || statuses.Statuses[0].LastError != st.LastError ||
			statuses.Statuses[0].State != "FAILED" && statuses.Statuses[0].State != "RUNNING" {
			t.Errorf("tenant's statuses %s, want olivia's FAILED with her error", jsonText(statuses))
		}
	})

	t.Run("a purge completes at once while LinkedIn is down", func(t *testing.T) {
		setContactSync(t, admin, ten.ID, false)
		start := time.Now()
		job := waitPurgeDone(t, admin, ten.ID, "olivia", followThrough)
		t.Logf("purge DONE %v after the policy change", time.Since(start).Round(time.Millisecond))
		if job.Deleted != 3 || job.Total != 3 || job.Error != "" {
			t.Errorf("purge job %s, want 3 of 3 deleted", jsonText(job))
		}
		wantNoLinkedInFolder(t, user.caller)
		if st := syncStatusOf(t, user.caller); st.State != "NOT_ELIGIBLE" || st.Reason != "DISABLED_BY_MAILBOX_POLICY" || st.ContactCount != 0 {
			t.Errorf("status %s, want NOT_ELIGIBLE DISABLED_BY_MAILBOX_POLICY with no contacts", jsonText(st))
		}
		if got := simGetMember(t, user.memberID).Connections; len(got) != 3 {
			t.Errorf("LinkedIn's network changed: %q", got)
		}
	})

	t.Run("once LinkedIn is back and the policy on again, the folder comes back", func(t *testing.T) {
		simClearFaults(t)
		setContactSync(t, admin, ten.ID, true)
		start := time.Now()
		st := waitSyncedAfter(t, user.caller, synced.LastSuccessTime, rescueLimit)
		t.Logf("synced again %v after LinkedIn came back", time.Since(start).Round(time.Millisecond))
		if st.ContactCount != 3 || st.LastError != "" {
			t.Errorf("status %s, want 3 contacts and no error", jsonText(st))
		}
		wantFolderIsNetwork(t, user.caller, user.memberID)
	})
}

// bigNetwork gives member n connections with full profiles, made by the
// simulator's generator (seed unique in the run), and returns their ids.
func bigNetwork(t *testing.T, member string, n int, seed int64) []string {
	t.Helper()
	start := time.Now()
	others := simGenerateMembers(t, n, seed)
	simConnectMany(t, member, others)
	t.Logf("%d connections made in %v", n, time.Since(start).Round(time.Millisecond))
	return others
}

// TestContactSyncSurvivesCrashMidSync kills contact-sync while it syncs a
// large network, changes the network while it is down, and starts it
// again: the sync goes on from the last page it applied, and once it and
// one more run are done the folder holds exactly the network's
// connections, each once, and the status is IDLE.
func TestContactSyncSurvivesCrashMidSync(t *testing.T) {
	if testing.Short() {
		t.Skip("waits up to minutes for the job queue to rescue the killed sync")
	}
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "sam")
	const size = 3000
	others := bigNetwork(t, user.memberID, size, 7301)
	// 30 pages of 100, each 200 ms late: a sync of several seconds.
	simSlowFeed(t, 200*time.Millisecond)
	restartIfDown(t, "contact-sync")

	connectLinkedIn(t, user.caller, linkedinToOrganization)
	var atKill syncStatus
	eventually(t, 30*time.Second, "sam's sync past its first pages", func() (bool, string) {
		atKill = syncStatusOf(t, user.caller)
		return atKill.ContactCount >= 300, jsonText(atKill)
	})
	sut.Kill("contact-sync")
	killed := time.Now()
	t.Logf("killed contact-sync mid-sync; the status said %s", jsonText(atKill))
	if atKill.State != "RUNNING" || atKill.ContactCount > size-100 {
		t.Fatalf("status at the kill %s: not mid-sync", jsonText(atKill))
	}

	// While it is down, the network changes: two connections already
	// synced and two not yet go, three new ones come.
	var gone, came []string
	for _, i := range []int{0, 1, size - 2, size - 1} {
		simDisconnect(t, user.memberID, others[i])
		gone = append(gone, others[i])
	}
	for _, name := range []string{"Una", "Vic", "Wes"} {
		id := simCreateProfile(t, name, "Tester")
		simConnect(t, user.memberID, id)
		came = append(came, id)
	}
	simClearFaults(t)
	if err := sut.Restart("contact-sync", nil); err != nil {
		t.Fatal(err)
	}

	t.Run("the folder is served while the sync waits to go on", func(t *testing.T) {
		st := syncStatusOf(t, user.caller)
		if st.ContactCount < atKill.ContactCount || st.Reason != "ELIGIBLE" {
			t.Errorf("status after the restart %s, want at least the %d contacts synced before the kill", jsonText(st), atKill.ContactCount)
		}
	})

	var resumed syncStatus
	t.Run("the sync goes on and finishes", func(t *testing.T) {
		resumed = waitSyncedAfter(t, user.caller, "", rescueLimit)
		t.Logf("the killed sync finished %v after the kill: %s", time.Since(killed).Round(time.Second), jsonText(resumed))
		if resumed.LastError != "" {
			t.Errorf("status %s, want no error", jsonText(resumed))
		}
		// The listing went on after the last page applied before the kill:
		// it added every connection but the two last ones, gone before it
		// got there; the two first ones, gone after it had them, are the
		// next run's to delete.
		if resumed.LastAdded != size-2 || resumed.LastDeleted != 0 || resumed.ContactCount != size-2 {
			t.Errorf("status %s, want %d added (and held), none deleted", jsonText(resumed), size-2)
		}
	})

	t.Run("after one more run the folder is exactly the network", func(t *testing.T) {
		st := syncNow(t, user.caller, syncSlack)
		t.Logf("the next run: %s", jsonText(st))
		if st.LastAdded != int64(len(came)) || st.LastDeleted != 2 || st.LastUpdated != 0 {
			t.Errorf("status %s, want the %d new connections added and the 2 first ones deleted", jsonText(st), len(came))
		}
		network := simGetMember(t, user.memberID).Connections
		if len(network) != size-len(gone)+len(came) {
			t.Fatalf("the network has %d connections, want %d", len(network), size-len(gone)+len(came))
		}
		wantFolderIsNetwork(t, user.caller, user.memberID)
		if st.State != "IDLE" || st.LastError != "" {
			t.Errorf("status %s, want IDLE without error", jsonText(st))
		}
	})
}

// TestContactSyncSurvivesCrashMidPurge kills contact-sync while it purges
// a large folder and starts it again: the folder stays gone, and the purge
// job ends DONE with every contact deleted, counted once.
func TestContactSyncSurvivesCrashMidPurge(t *testing.T) {
	if testing.Short() {
		t.Skip("waits up to minutes for the job queue to rescue the killed purge")
	}
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "pia")
	// A purge deletes 5000 contacts a transaction: this folder takes
	// several, so a kill can land between two.
	const size = 20000
	bigNetwork(t, user.memberID, size, 7302)
	restartIfDown(t, "contact-sync")
	connectLinkedIn(t, user.caller, linkedinToOrganization)
	start := time.Now()
	synced := waitSyncedAfter(t, user.caller, "", 2*time.Minute)
	t.Logf("%d contacts synced in %v", synced.ContactCount, time.Since(start).Round(time.Millisecond))
	if synced.ContactCount != size {
		t.Fatalf("status %s, want %d contacts", jsonText(synced), size)
	}

	// Each try switches sync off and kills contact-sync the moment the
	// purge has deleted some contacts but not all. A purge too quick to
	// catch (it finished before the kill landed) is let be, and sync
	// switched on again for another try.
	var atKill purgeJob
	var killed time.Time
	for try := 1; atKill.ID == "" && try <= 3; try++ {
		if try > 1 {
			before := syncStatusOf(t, user.caller)
			setContactSync(t, admin, ten.ID, true)
			if st := waitSyncedAfter(t, user.caller, before.LastSuccessTime, 2*time.Minute); st.ContactCount != size {
				t.Fatalf("status %s after switching sync on again, want %d contacts", jsonText(st), size)
			}
		}
		previous := len(purgeJobsOf(t, admin, ten.ID, "")) // the test's tenant has pia alone
		setContactSync(t, admin, ten.ID, false)
		poller := as(t, ten.ID, "admin", roleTenantAdmin) // a rate bucket of its own
		var caught purgeJob
		for deadline := time.Now().Add(followThrough); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			resp := poller.send(t, "GET", tenantPath(ten.ID)+"/purgeJobs?pageSize=1000", nil)
			if resp.status == http.StatusTooManyRequests {
				continue
			}
			var jobs purgeJobList
			if resp.status != http.StatusOK || json.Unmarshal(resp.body, &jobs) != nil {
				t.Fatalf("listing purge jobs: status %d, body %s", resp.status, resp.body)
			}
			if len(jobs.Jobs) == previous {
				continue
			}
			if job := jobs.Jobs[0]; job.State == "DONE" || job.Deleted > 0 && job.Deleted < job.Total {
				caught = job
				break
			}
		}
		if caught.State != "RUNNING" {
			t.Logf("try %d: the purge was not caught midway: %s", try, jsonText(caught))
			continue
		}
		sut.Kill("contact-sync")
		killed = time.Now()
		if err := sut.Restart("contact-sync", nil); err != nil {
			t.Fatal(err)
		}
		// A killed purge waits for the queue's rescue: one still DONE
		// right after the restart had finished before the kill landed.
		var now purgeJob
		admin.ok(t, "GET", tenantPath(ten.ID)+"/purgeJobs/"+caught.ID, nil, &now)
		if now.State == "DONE" {
			t.Logf("try %d: the purge finished before the kill landed: %s", try, jsonText(now))
			continue
		}
		atKill = now
	}
	if atKill.ID == "" {
		t.Fatal("no purge killed midway in 3 tries")
	}
	t.Logf("killed contact-sync mid-purge; after the restart the job says %s", jsonText(atKill))
	if atKill.Deleted == 0 || atKill.Deleted >= atKill.Total || atKill.Total != size {
		t.Errorf("purge job after the restart %s, want some but not all of %d deleted", jsonText(atKill), size)
	}

	t.Run("the folder stays gone", func(t *testing.T) {
		wantNoLinkedInFolder(t, user.caller)
		if st := syncStatusOf(t, user.caller); st.State != "NOT_ELIGIBLE" || st.ContactCount != 0 {
			t.Errorf("status %s, want NOT_ELIGIBLE with no contacts", jsonText(st))
		}
	})

	t.Run("the purge goes on and is DONE with every contact deleted once", func(t *testing.T) {
		var job purgeJob
		eventually(t, rescueLimit, "the killed purge DONE", func() (bool, string) {
			var one purgeJob
			admin.ok(t, "GET", tenantPath(ten.ID)+"/purgeJobs/"+atKill.ID, nil, &one)
			job = one
			return job.State == "DONE" || job.State == "FAILED", jsonText(job)
		})
		t.Logf("the killed purge finished %v after the kill: %s", time.Since(killed).Round(time.Second), jsonText(job))
		if job.State != "DONE" || job.Deleted != job.Total || job.Total != size || job.Error != "" {
			t.Errorf("purge job %s, want DONE with %d of %d deleted", jsonText(job), size, size)
		}
	})
}

// TestContactSyncWithdrawalStopsARunningSync switches a user's contact
// sync off while a sync of a large network is running: the folder must be
// gone at once and stay gone, the running sync must not write it back,
// and the purge must leave nothing.
func TestContactSyncWithdrawalStopsARunningSync(t *testing.T) {
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "wanda")
	const size = 3000
	bigNetwork(t, user.memberID, size, 7303)
	simSlowFeed(t, 200*time.Millisecond)

	connectLinkedIn(t, user.caller, linkedinToOrganization)
	var running syncStatus
	eventually(t, 30*time.Second, "wanda's sync past its first pages", func() (bool, string) {
		running = syncStatusOf(t, user.caller)
		return running.ContactCount >= 300, jsonText(running)
	})
	if running.State != "RUNNING" || running.ContactCount > size-500 {
		t.Fatalf("status %s: not mid-sync", jsonText(running))
	}
	setContactSync(t, admin, ten.ID, false)
	job := waitPurgeDone(t, admin, ten.ID, "wanda", followThrough)
	t.Logf("purge while the sync ran: %s", jsonText(job))

	// The running sync's time slice is 10 s: watch past it.
	end := time.Now().Add(15 * time.Second)
	for time.Now().Before(end) {
		resp := user.send(t, "GET", folderPath("linkedin"), nil)
		st := syncStatusOf(t, user.caller)
		if resp.status != 404 || st.State != "NOT_ELIGIBLE" || st.ContactCount != 0 {
			t.Fatalf("%v after the purge, the folder answers %d (%.200s…) and the status says %s: the running sync wrote the folder back for a user who may no longer sync",
				time.Since(end.Add(-15*time.Second)).Round(time.Millisecond), resp.status, resp.body, jsonText(st))
		}
		time.Sleep(200 * time.Millisecond)
	}
}
