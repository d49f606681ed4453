package storetest

import (
	"strconv"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// jobID is a purge job's id as the store takes it.
func jobID(t *testing.T, job *contactsyncv1.PurgeJob) int64 {
	t.Helper()
	if job == nil {
		t.Fatal("no purge job")
	}
	id, err := strconv.ParseInt(job.Id, 10, 64)
	if err != nil {
		t.Fatalf("purge job id %q: %v", job.Id, err)
	}
	return id
}

// purgeBatch runs one batch of a purge in a transaction of its own.
func purgeBatch(t *testing.T, s *store.SQL, id int64, limit int, now time.Time) int64 {
	t.Helper()
	var n int64
	write(t, s, func(tx store.Tx) error {
		var err error
		n, err = tx.PurgeBatch(t.Context(), id, limit, now)
		return err
	})
	return n
}

// purgeJob reads a purge job that must exist.
func purgeJob(t *testing.T, s *store.SQL, tenant string, id int64) *contactsyncv1.PurgeJob {
	t.Helper()
	job, err := s.PurgeJob(t.Context(), tenant, id)
	sqlstoretest.NoErr(t, "PurgeJob", err)
	return job
}

// purgeJobIDs lists purge jobs' ids.
func purgeJobIDs(t *testing.T, s *store.SQL, tenant, user string, before int64, limit int) []string {
	t.Helper()
	jobs, err := s.PurgeJobs(t.Context(), tenant, user, before, limit)
	sqlstoretest.NoErr(t, "PurgeJobs", err)
	ids := []string{}
	for _, j := range jobs {
		ids = append(ids, j.Id)
	}
	return ids
}

// countSynced counts what purging users would delete.
func countSynced(t *testing.T, s *store.SQL, tenant string, users ...string) int64 {
	t.Helper()
	n, err := s.CountSynced(t.Context(), tenant, users)
	sqlstoretest.NoErr(t, "CountSynced", err)
	return n
}

// allContacts is every row of a folder, whatever the horizon hides.
func allContacts(tenant, user, folder string) store.View {
	return store.View{Tenant: tenant, User: user, Folder: folder}
}

func purgeCases() []testCase {
	return []testCase{
		{Name: "WithdrawHidesTheFolder", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2"), members("v1", 1, "m3"))
			putOwn(t, s, "contoso", "alice", own("c-1", "e1", 2, nil, nil), own("c-2", "e1", 2, nil, nil))
			before := getMailbox(t, s, "contoso", "alice")

			job := withdraw(t, s, withdrawal("contoso", "alice"), at(10))
			want := &contactsyncv1.PurgeJob{
				Id: job.GetId(), Tenant: "contoso", User: "alice", State: contactsyncv1.PurgeJob_QUEUED,
				Trigger: contactsyncv1.PurgeJob_POLICY_CHANGE, Reason: contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP,
				Total: 3, CreateTime: timestamppb.New(at(10)),
			}
			sqlstoretest.WantProto(t, "the purge job", job, want)
			sqlstoretest.WantProto(t, "the purge job read back", purgeJob(t, s, "contoso", jobID(t, job)), want)

			m := getMailbox(t, s, "contoso", "alice")
			sqlstoretest.WantEqual(t, "eligible", m.Eligible, false)
			sqlstoretest.WantEqual(t, "reason", m.Reason, contactsyncv1.SyncStatus_NOT_IN_SELECTED_GROUP)
			sqlstoretest.WantEqual(t, "state", m.State, contactsyncv1.SyncStatus_NOT_ELIGIBLE)
			sqlstoretest.WantEqual(t, "LinkedIn folder", m.LinkedInFolder, false)
			sqlstoretest.WantEqual(t, "position", m.Position, store.Position{})
			sqlstoretest.WantEqual(t, "run counts", m.Run, store.Counts{})
			sqlstoretest.WantEqual(t, "seq", m.Seq, before.Seq)
			sqlstoretest.WantEqual(t, "LinkedIn horizon", m.LinkedInHorizon, before.Seq)
			wantTime(t, "next run", m.NextRun, time.Time{})

			// Readers see nothing of the folder; the rows wait for the purge.
			v := linkedIn(t, s, "contoso", "alice")
			sqlstoretest.WantSlice(t, "the LinkedIn folder", contactIDs(t, s, v), []string{})
			sqlstoretest.WantSlice(t, "the LinkedIn folder's delta", changes(t, s, v, 0, 100), []string{})
			sqlstoretest.WantEqual(t, "CountSynced", countSynced(t, s, "contoso", "alice"), 0)
			sqlstoretest.WantSlice(t, "rows left to purge", contactIDs(t, s, allContacts("contoso", "alice", store.LinkedInFolder)),
				[]string{"li-m1", "li-m2", "li-m3"})
			sqlstoretest.WantSlice(t, "the own folder", contactIDs(t, s, ownFolder("contoso", "alice")), []string{"c-1", "c-2"})

			// Nothing left and not eligible: no second job.
			again := withdraw(t, s, withdrawal("contoso", "alice"), at(11))
			if again != nil {
				t.Errorf("a second Withdraw made a purge job: %v", again)
			}
			sqlstoretest.WantSlice(t, "purge jobs", purgeJobIDs(t, s, "contoso", "", 0, 100), []string{job.Id})

			// A user never eligible, without contacts, gets none either.
			if job := withdraw(t, s, withdrawal("contoso", "bob"), at(12)); job != nil {
				t.Errorf("Withdraw of a user never eligible made a purge job: %v", job)
			}
			sqlstoretest.WantEqual(t, "the new mailbox's eligibility", getMailbox(t, s, "contoso", "bob").Eligible, false)
		}},
		{Name: "PurgeInBatches", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2", "m3", "m4", "m5", "m6"))
			incremental(t, s, "contoso", "alice", store.FeedPage{Deleted: []string{"li-m6"}}) // a tombstone
			putOwn(t, s, "contoso", "alice", own("c-1", "e1", 2, nil, nil))
			job := withdraw(t, s, withdrawal("contoso", "alice"), at(10))
			id := jobID(t, job)
			sqlstoretest.WantEqual(t, "total", job.Total, 5)

			for i, want := range []int64{2, 2, 1} {
				n := purgeBatch(t, s, id, 2, at(11+i))
				sqlstoretest.WantEqual(t, "contacts a batch deleted", n, want)
				j := purgeJob(t, s, "contoso", id)
				sqlstoretest.WantEqual(t, "state while purging", j.State, contactsyncv1.PurgeJob_RUNNING)
				sqlstoretest.WantEqual(t, "deleted while purging", j.Deleted, int64(2*i)+want)
				wantTime(t, "start time while purging", j.StartTime.AsTime(), at(11))
				if j.EndTime != nil {
					t.Errorf("end time while purging: %v, want none", j.EndTime.AsTime())
				}
			}
			sqlstoretest.WantEqual(t, "the batch that finds nothing", purgeBatch(t, s, id, 2, at(20)), 0)
			j := purgeJob(t, s, "contoso", id)
			sqlstoretest.WantEqual(t, "state once done", j.State, contactsyncv1.PurgeJob_DONE)
			sqlstoretest.WantEqual(t, "deleted once done", j.Deleted, 5)
			wantTime(t, "start time once done", j.StartTime.AsTime(), at(11))
			wantTime(t, "end time once done", j.EndTime.AsTime(), at(20))

			// A done job stays done.
			sqlstoretest.WantEqual(t, "a batch of a done job", purgeBatch(t, s, id, 2, at(30)), 0)
			wantTime(t, "end time after another batch", purgeJob(t, s, "contoso", id).EndTime.AsTime(), at(20))
			sqlstoretest.WantEqual(t, "a batch of no job", purgeBatch(t, s, id+100, 2, at(30)), 0)

			linked := allContacts("contoso", "alice", store.LinkedInFolder)
			sqlstoretest.WantSlice(t, "synced rows after the purge", contactIDs(t, s, linked), []string{})
			sqlstoretest.WantSlice(t, "synced tombstones after the purge", changes(t, s, linked, 0, 100), []string{})
			sqlstoretest.WantSlice(t, "the own folder after the purge", contactIDs(t, s, ownFolder("contoso", "alice")), []string{"c-1"})
			sqlstoretest.WantSlice(t, "the own folder's delta after the purge", changes(t, s, ownFolder("contoso", "alice"), 0, 100),
				[]string{"8 put c-1"})
		}},
		{Name: "PurgeKeepsContactsWrittenAfterWithdrawal", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2", "m3", "m4"))
			job := withdraw(t, s, withdrawal("contoso", "alice"), at(10))

			// Eligible again before the purge ran: a new full listing,
			// in which m2 is as before and m5 is new.
			sqlstoretest.WantEqual(t, "gained again", allow(t, s, "contoso", "alice", at(11)), true)
			counts := listInFull(t, s, "contoso", "alice", append(members("v1", 1, "m2"), member("m5", "v1", 12)))
			sqlstoretest.WantEqual(t, "counts of the listing after the withdrawal", counts, store.Counts{Added: 2})
			sqlstoretest.WantEqual(t, "CountSynced before the purge", countSynced(t, s, "contoso", "alice"), 2)

			id := jobID(t, job)
			var deleted int64
			for n := int64(-1); n != 0; {
				n = purgeBatch(t, s, id, 1, at(20))
				deleted += n
			}
			sqlstoretest.WantEqual(t, "contacts purged", deleted, 3)
			sqlstoretest.WantEqual(t, "deleted on the job", purgeJob(t, s, "contoso", id).Deleted, 3)

			v := linkedIn(t, s, "contoso", "alice")
			sqlstoretest.WantSlice(t, "the LinkedIn folder after the purge", contactIDs(t, s, v), []string{"li-m2", "li-m5"})
			sqlstoretest.WantSlice(t, "every synced row after the purge",
				contactIDs(t, s, allContacts("contoso", "alice", store.LinkedInFolder)), []string{"li-m2", "li-m5"})
			sqlstoretest.WantEqual(t, "LinkedIn folder after the purge", getMailbox(t, s, "contoso", "alice").LinkedInFolder, true)
			sqlstoretest.WantEqual(t, "CountSynced after the purge", countSynced(t, s, "contoso", "alice"), 2)
		}},
		{Name: "PurgeJobsNewestFirst", Check: func(t *testing.T, s *store.SQL) {
			synced := func(tenant, user string, n int) {
				allow(t, s, tenant, user, at(n))
				listInFull(t, s, tenant, user, members("v1", n, "m1"))
			}
			synced("contoso", "alice", 1)
			j1 := withdraw(t, s, withdrawal("contoso", "alice"), at(2))
			synced("contoso", "bob", 3)
			j2 := withdraw(t, s, withdrawal("contoso", "bob"), at(4))
			synced("fabrikam", "carol", 5)
			j3 := withdraw(t, s, withdrawal("fabrikam", "carol"), at(6))
			synced("contoso", "alice", 7)
			j4 := withdraw(t, s, withdrawal("contoso", "alice"), at(8))

			sqlstoretest.WantSlice(t, "contoso's jobs", purgeJobIDs(t, s, "contoso", "", 0, 100), []string{j4.Id, j2.Id, j1.Id})
			sqlstoretest.WantSlice(t, "the newest", purgeJobIDs(t, s, "contoso", "", 0, 1), []string{j4.Id})
			sqlstoretest.WantSlice(t, "before the newest", purgeJobIDs(t, s, "contoso", "", jobID(t, j4), 100), []string{j2.Id, j1.Id})
			sqlstoretest.WantSlice(t, "alice's jobs", purgeJobIDs(t, s, "contoso", "alice", 0, 100), []string{j4.Id, j1.Id})
			sqlstoretest.WantSlice(t, "alice's before her newest", purgeJobIDs(t, s, "contoso", "alice", jobID(t, j4), 100), []string{j1.Id})
			sqlstoretest.WantSlice(t, "fabrikam's jobs", purgeJobIDs(t, s, "fabrikam", "", 0, 100), []string{j3.Id})
			sqlstoretest.WantSlice(t, "a tenant without jobs", purgeJobIDs(t, s, "northwind", "", 0, 100), []string{})

			jobs, err := s.PurgeJobs(t.Context(), "contoso", "", 0, 100)
			sqlstoretest.NoErr(t, "PurgeJobs", err)
			for i, want := range []*contactsyncv1.PurgeJob{j4, j2, j1} {
				sqlstoretest.WantProto(t, "a listed job", jobs[i], want)
			}
			sqlstoretest.WantProto(t, "PurgeJob", purgeJob(t, s, "fabrikam", jobID(t, j3)), j3)
			_, err = s.PurgeJob(t.Context(), "contoso", jobID(t, j3))
			sqlstoretest.WantErr(t, "PurgeJob of another tenant's job", err, store.ErrNotFound)
			_, err = s.PurgeJob(t.Context(), "contoso", jobID(t, j4)+100)
			sqlstoretest.WantErr(t, "PurgeJob of no job", err, store.ErrNotFound)
		}},
		{Name: "FailPurgeKeepsDone", Check: func(t *testing.T, s *store.SQL) {
			for _, u := range []string{"alice", "bob"} {
				allow(t, s, "contoso", u, at(0))
				listInFull(t, s, "contoso", u, members("v1", 1, "m1"))
			}
			failing := jobID(t, withdraw(t, s, withdrawal("contoso", "alice"), at(1)))
			done := jobID(t, withdraw(t, s, withdrawal("contoso", "bob"), at(1)))

			write(t, s, func(tx store.Tx) error { return tx.FailPurge(t.Context(), failing, "gave up: boom", at(5)) })
			j := purgeJob(t, s, "contoso", failing)
			sqlstoretest.WantEqual(t, "state of a failed purge", j.State, contactsyncv1.PurgeJob_FAILED)
			sqlstoretest.WantEqual(t, "error of a failed purge", j.Error, "gave up: boom")
			wantTime(t, "end time of a failed purge", j.EndTime.AsTime(), at(5))

			for purgeBatch(t, s, done, 10, at(6)) > 0 {
			}
			write(t, s, func(tx store.Tx) error { return tx.FailPurge(t.Context(), done, "gave up: late", at(9)) })
			j = purgeJob(t, s, "contoso", done)
			sqlstoretest.WantEqual(t, "state of a done purge told it failed", j.State, contactsyncv1.PurgeJob_DONE)
			sqlstoretest.WantEqual(t, "error of a done purge told it failed", j.Error, "")
			wantTime(t, "end time of a done purge told it failed", j.EndTime.AsTime(), at(6))
		}},
		{Name: "CountSyncedServedFoldersOnly", Check: func(t *testing.T, s *store.SQL) {
			allow(t, s, "contoso", "alice", at(0))
			listInFull(t, s, "contoso", "alice", members("v1", 1, "m1", "m2", "m3"))
			allow(t, s, "contoso", "bob", at(0))
			listInFull(t, s, "contoso", "bob", members("v1", 1, "m1", "m2"))
			allow(t, s, "contoso", "carol", at(0))
			listInFull(t, s, "contoso", "carol", members("v1", 1, "m1", "m2"))
			withdraw(t, s, withdrawal("contoso", "carol"), at(2)) // its folder is no longer served
			allow(t, s, "contoso", "dave", at(0))                 // eligible, never synced
			putOwn(t, s, "contoso", "erin", own("c-1", "e1", 1, nil, nil))
			allow(t, s, "fabrikam", "alice", at(0))
			listInFull(t, s, "fabrikam", "alice", members("v1", 1, "m1"))

			sqlstoretest.WantEqual(t, "contoso's users", countSynced(t, s, "contoso", "alice", "bob", "carol", "dave", "erin", "nobody"), 5)
			sqlstoretest.WantEqual(t, "alice", countSynced(t, s, "contoso", "alice"), 3)
			sqlstoretest.WantEqual(t, "carol, withdrawn", countSynced(t, s, "contoso", "carol"), 0)
			sqlstoretest.WantEqual(t, "fabrikam's alice", countSynced(t, s, "fabrikam", "alice"), 1)
			sqlstoretest.WantEqual(t, "no users", countSynced(t, s, "contoso"), 0)

			// Eligible again and synced: only what the new sync wrote counts.
			allow(t, s, "contoso", "carol", at(3))
			listInFull(t, s, "contoso", "carol", members("v1", 1, "m9"))
			sqlstoretest.WantEqual(t, "carol, synced again", countSynced(t, s, "contoso", "carol"), 1)
		}},
	}
}
