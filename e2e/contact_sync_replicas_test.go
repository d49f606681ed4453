package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// Two replicas of contact-sync share one PostgreSQL database (two
// processes cannot share an SQLite file), and the suite's stack runs on
// SQLite: this test starts a throwaway PostgreSQL server of its own with
// scripts/pg-test-cluster (as the benchmark does), when the machine has
// PostgreSQL's server binaries, and skips otherwise.

// TestContactSyncReplicasNeverSyncOneMailboxAtOnce runs two contact-sync
// replicas on one PostgreSQL database, each reaching LinkedIn through a
// proxy of the test's that records every page of the connections feed it
// fetches, for whom, and when. Syncs of a few mailboxes are asked of both
// replicas over and over for a while, as the networks change; then no
// mailbox may ever have had runs on both replicas at once (a run: the pages
// from a listing's first to the one carrying its sync token), and each
// folder must equal its network.
func TestContactSyncReplicasNeverSyncOneMailboxAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and two replicas, and syncs for half a minute")
	}
	pg := startPostgres(t)
	migrate := exec.Command(sut.Binary("contact-sync"), "migrate", "--dev", "--database-url="+pg)
	migrate.Dir, migrate.Env = sut.Dir(), environment()
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("liaison-contact-sync migrate on PostgreSQL: %v\n%s", err, out)
	}

	ten, admin := newTenant(t, "US")
	var users []linkedinUser
	for i := range 4 {
		u := newLinkedInUser(t, admin, ten.ID, fmt.Sprintf("rep%d", i))
		bigNetwork(t, u.memberID, 350+50*i, 7400+int64(i))
		connectLinkedIn(t, u.caller, linkedinToOrganization)
		users = append(users, u)
	}

	feed := &feedLog{}
	var replicas []contactsyncv1.ContactSyncServiceClient
	for _, name := range []string{"A", "B"} {
		proxy := feed.proxy(t, name, 40*time.Millisecond)
		addr, stop, err := sut.AddReplica("contact-sync", "--database-url="+pg, "--linkedin-api-url="+proxy)
		if err != nil {
			t.Fatalf("replica %s: %v", name, err)
		}
		t.Cleanup(func() {
			if err := stop(); err != nil {
				t.Errorf("stopping replica %s: %v", name, err)
			}
		})
		replicas = append(replicas, contactsyncv1.NewContactSyncServiceClient(grpcConn(t, addr)))
	}

	// The replicas learn the grants from consent's ledger and sync each
	// user once; wait for that before the storm.
	for _, u := range users {
		waitReplicaSynced(t, replicas[0], u, time.Minute)
	}

	t.Run("many syncs asked of both replicas at once", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		var mu sync.Mutex
		asked, failed := 0, []string{}
		for _, u := range users {
			for r, client := range replicas {
				wg.Go(func() {
					for ctx.Err() == nil {
						// Each call has a time limit of its own: the storm's
						// end must not pass for a slow answer.
						callCtx, cancelCall := context.WithTimeout(withBearer(context.Background(), u.token), 5*time.Second)
						_, err := client.RunMyContactSync(callCtx, &contactsyncv1.RunMyContactSyncRequest{})
						cancelCall()
						mu.Lock()
						asked++
						if err != nil {
							failed = append(failed, fmt.Sprintf("replica %d, %s: %v", r, u.name, err))
						}
						mu.Unlock()
						sleep(ctx, time.Duration(20+rand.IntN(130))*time.Millisecond)
					}
				})
			}
		}
		// Meanwhile the networks change, so runs have something to do.
		var changeErr error
		wg.Go(func() {
			for ctx.Err() == nil && changeErr == nil {
				changeErr = simTryConnectNew(users[rand.IntN(len(users))].memberID)
				sleep(ctx, 300*time.Millisecond)
			}
		})
		wg.Wait()
		if changeErr != nil {
			t.Fatalf("changing a network: %v", changeErr)
		}
		t.Logf("%d syncs asked", asked)
		if len(failed) > 0 {
			t.Errorf("%d RunMyContactSync calls failed, e.g. %s", len(failed), failed[0])
		}
	})

	t.Run("both replicas synced, and never one mailbox at once", func(t *testing.T) {
		for _, u := range users {
			waitReplicaSynced(t, replicas[1], u, time.Minute)
		}
		// Let any run still in flight end before reading the log.
		time.Sleep(2 * time.Second)
		runs, problems := feed.check()
		for _, p := range problems {
			t.Error(p)
		}
		byReplica := map[string]int{}
		for _, r := range runs {
			byReplica[r.replica]++
		}
		t.Logf("%d runs in all (by replica %v) over %d mailboxes", len(runs), byReplica, len(feed.mailboxes()))
		if byReplica["A"] == 0 || byReplica["B"] == 0 {
			t.Errorf("runs by replica %v: both must have synced for the test to mean anything", byReplica)
		}
		// The test's own mailboxes were asked of both replicas all along:
		// each must have had runs on both, the contention the holds settle.
		// (Which replica's queue takes a job is chance: one mailbox's runs
		// may all fall to one, not every mailbox's.)
		shared := 0
		for _, u := range users {
			mailbox := feed.mailboxOf(simGetMember(t, u.memberID).Connections)
			on := map[string]int{}
			for _, r := range runs {
				if r.mailbox == mailbox {
					on[r.replica]++
				}
			}
			t.Logf("%s (mailbox %s): runs by replica %v", u.name, mailbox, on)
			if on["A"] > 0 && on["B"] > 0 {
				shared++
			}
		}
		if shared == 0 {
			t.Error("no mailbox of the test's had runs on both replicas")
		}
	})

	t.Run("each folder is its network", func(t *testing.T) {
		for _, u := range users {
			before := replicaStatus(t, replicas[0], u)
			ctx := withBearer(context.Background(), u.token)
			if _, err := replicas[1].RunMyContactSync(ctx, &contactsyncv1.RunMyContactSyncRequest{}); err != nil {
				t.Fatal(err)
			}
			eventually(t, time.Minute, u.name+"'s run after the storm", func() (bool, string) {
				st := replicaStatus(t, replicas[0], u)
				return st.State == contactsyncv1.SyncStatus_IDLE && st.LastSuccessTime.AsTime().After(before.LastSuccessTime.AsTime()), st.String()
			})
			want := simGetMember(t, u.memberID).Connections
			slices.Sort(want)
			got := replicaFolder(t, replicas[1], u)
			if !slices.Equal(got, want) {
				t.Errorf("%s's folder on the replicas: %d contacts, the network %d; missing %s, extra %s",
					u.name, len(got), len(want), head(difference(want, got)), head(difference(got, want)))
			}
		}
	})
}

// TestFeedLogCheck shows the replicas test's instrument finds what it
// looks for: on made-up page logs, overlapping runs of one mailbox are
// named, and runs one after the other, or of different mailboxes, are not.
func TestFeedLogCheck(t *testing.T) {
	at := func(ms int) time.Time {
		return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ms) * time.Millisecond)
	}
	page := func(replica, mailbox string, from, to int, first, last bool) feedCall {
		return feedCall{replica: replica, mailbox: mailbox, start: at(from), end: at(to), firstPage: first, lastPage: last, status: http.StatusOK}
	}
	for _, c := range []struct {
		name     string
		calls    []feedCall
		runs     int
		problems int
	}{
		{"one run, then the other replica's", []feedCall{
			page("A", "m1", 0, 10, true, false), page("A", "m1", 20, 30, false, true), page("B", "m1", 40, 50, true, true)}, 2, 0},
		{"two mailboxes at once", []feedCall{
			page("A", "m1", 0, 10, true, false), page("B", "m2", 5, 15, true, true), page("A", "m1", 20, 30, false, true)}, 2, 0},
		{"the other replica between two pages of a run", []feedCall{
			page("A", "m1", 0, 10, true, false), page("B", "m1", 12, 14, true, true), page("A", "m1", 20, 30, false, true)}, 3, 2},
		{"pages in flight at once", []feedCall{
			page("A", "m1", 0, 10, true, true), page("B", "m1", 5, 15, true, true)}, 2, 1},
		{"a failed run ends it", []feedCall{
			{replica: "A", mailbox: "m1", start: at(0), end: at(10), firstPage: true, status: http.StatusServiceUnavailable},
			page("B", "m1", 20, 30, true, true)}, 2, 0},
		{"a listing's later page with no run begun", []feedCall{
			page("A", "m1", 0, 10, true, true), page("B", "m1", 20, 30, false, true)}, 2, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := &feedLog{calls: c.calls}
			runs, problems := l.check()
			if len(runs) != c.runs || len(problems) != c.problems {
				t.Errorf("%d runs and problems %q, want %d runs and %d problems", len(runs), problems, c.runs, c.problems)
			}
		})
	}
}

// startPostgres starts a throwaway PostgreSQL server for the test and
// returns the URL of its empty database; it skips the test when the
// machine has no PostgreSQL server binaries (scripts/pg-test-cluster would
// install them as root: not the suite's to do) or LIAISON_TEST_POSTGRES is
// "off".
func startPostgres(t *testing.T) string {
	t.Helper()
	if os.Getenv("LIAISON_TEST_POSTGRES") == "off" {
		t.Skip("LIAISON_TEST_POSTGRES=off")
	}
	if found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(found) == 0 {
		t.Skip("no PostgreSQL server installed (/usr/lib/postgresql/*/bin/initdb): two replicas need one database they share")
	}
	script, err := filepath.Abs(filepath.Join("..", "scripts", "pg-test-cluster"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(sut.Dir(), "pg-"+slug(t.Name()))
	out, err := exec.Command(script, "start", dir).Output()
	if err != nil {
		t.Fatalf("%s start: %v", script, err)
	}
	t.Cleanup(func() {
		if out, err := exec.Command(script, "stop", dir).CombinedOutput(); err != nil {
			t.Errorf("%s stop: %v\n%s", script, err, out)
		}
	})
	return strings.TrimSpace(string(out))
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// replicaStatus is u's sync status as a replica answers it.
func replicaStatus(t *testing.T, client contactsyncv1.ContactSyncServiceClient, u linkedinUser) *contactsyncv1.SyncStatus {
	t.Helper()
	ctx, cancel := context.WithTimeout(withBearer(context.Background(), u.token), 5*time.Second)
	defer cancel()
	resp, err := client.GetMyContactSync(ctx, &contactsyncv1.GetMyContactSyncRequest{})
	if err != nil {
		t.Fatalf("GetMyContactSync of %s: %v", u.name, err)
	}
	return resp.Status
}

// waitReplicaSynced waits until the replicas hold as many contacts of u as
// the network has connections, with the sync IDLE.
func waitReplicaSynced(t *testing.T, client contactsyncv1.ContactSyncServiceClient, u linkedinUser, timeout time.Duration) {
	t.Helper()
	eventually(t, timeout, u.name+" synced on the replicas", func() (bool, string) {
		st := replicaStatus(t, client, u)
		want := len(simGetMember(t, u.memberID).Connections)
		return st.State == contactsyncv1.SyncStatus_IDLE && st.ContactCount == int64(want),
			fmt.Sprintf("%s, the network has %d", st, want)
	})
}

// replicaFolder lists the source members of u's LinkedIn folder on a
// replica, sorted, failing on any listed twice.
func replicaFolder(t *testing.T, client contactsyncv1.ContactSyncServiceClient, u linkedinUser) []string {
	t.Helper()
	ctx := withBearer(context.Background(), u.token)
	var all []contact
	for token := ""; ; {
		resp, err := client.ListContacts(ctx, &contactsyncv1.ListContactsRequest{Folder: "linkedin", PageSize: 1000, PageToken: token})
		if err != nil {
			t.Fatalf("ListContacts of %s: %v", u.name, err)
		}
		for _, c := range resp.Contacts {
			all = append(all, contact{ID: c.Id, SourceMemberID: c.SourceMemberId})
		}
		if token = resp.NextPageToken; token == "" {
			return sources(t, all)
		}
	}
}

// feedLog records the pages of LinkedIn's connections feed that replicas
// fetch through the test's proxies.
type feedLog struct {
	mu    sync.Mutex
	calls []feedCall
	// members maps a mailbox (its token's digest) to its member, learned
	// from the feed's own answers.
	members map[string]string
}

// feedCall is one page fetched.
type feedCall struct {
	replica    string
	mailbox    string // a digest of the bearer token: one per grant
	start, end time.Time
	firstPage  bool // no pageToken: the first page of a listing
	lastPage   bool // the answer carries the listing's sync token
	status     int
}

// proxy starts an HTTP proxy to the simulator for replica, recording the
// feed's pages, each delayed by delay so runs last a while, and returns
// its URL.
func (l *feedLog) proxy(t *testing.T, replica string, delay time.Duration) string {
	t.Helper()
	target, err := url.Parse(sut.simURL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/connections" {
			forward.ServeHTTP(w, r)
			return
		}
		digest := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		call := feedCall{replica: replica, mailbox: hex.EncodeToString(digest[:6]), start: time.Now(),
			firstPage: r.URL.Query().Get("pageToken") == ""}
		time.Sleep(delay)
		rec := httptest.NewRecorder()
		forward.ServeHTTP(rec, r)
		var page struct {
			SyncToken string `json:"syncToken"`
			Upserts   []struct {
				MemberID string `json:"memberId"`
			} `json:"upserts"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &page)
		call.status, call.lastPage, call.end = rec.Code, page.SyncToken != "", time.Now()
		l.add(call, page.Upserts)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func (l *feedLog) add(call feedCall, upserts []struct {
	MemberID string `json:"memberId"`
}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, call)
	if l.members == nil {
		l.members = map[string]string{}
	}
	for _, u := range upserts {
		// A member's connections name the member back: remember one
		// connection per mailbox, to find the mailbox of a member later.
		if _, ok := l.members[call.mailbox]; !ok {
			l.members[call.mailbox] = u.MemberID
		}
	}
}

// mailboxOf finds the mailbox (token digest) whose feed listed one of
// connections: the test's networks are their own, so it is theirs.
func (l *feedLog) mailboxOf(connections []string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for mailbox, first := range l.members {
		if slices.Contains(connections, first) {
			return mailbox
		}
	}
	return ""
}

func (l *feedLog) mailboxes() map[string]bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]bool{}
	for _, c := range l.calls {
		out[c.mailbox] = true
	}
	return out
}

// feedRun is one run as the proxies saw it.
type feedRun struct {
	replica, mailbox string
	start, end       time.Time
	pages            int
}

// check groups each mailbox's pages into runs and names every overlap: a
// page fetched while another page of the mailbox was in flight, or by one
// replica while the other's run had begun and not yet reached its last
// page (a run that failed ends at its failure).
func (l *feedLog) check() (runs []feedRun, problems []string) {
	l.mu.Lock()
	calls := slices.Clone(l.calls)
	l.mu.Unlock()
	byMailbox := map[string][]feedCall{}
	for _, c := range calls {
		byMailbox[c.mailbox] = append(byMailbox[c.mailbox], c)
	}
	for mailbox, cs := range byMailbox {
		slices.SortFunc(cs, func(a, b feedCall) int { return a.start.Compare(b.start) })
		open := -1 // the index in runs of the mailbox's run in progress
		var last feedCall
		for i, c := range cs {
			if i > 0 && c.start.Before(last.end) {
				problems = append(problems, fmt.Sprintf("mailbox %s: replica %s fetched a page at %s while replica %s's page (from %s) was in flight until %s",
					mailbox, c.replica, stamp(c.start), last.replica, stamp(last.start), stamp(last.end)))
			}
			switch {
			case open >= 0 && runs[open].replica != c.replica:
				r := runs[open]
				problems = append(problems, fmt.Sprintf("mailbox %s: replica %s fetched a page at %s during replica %s's run (from %s, last page so far %s)",
					mailbox, c.replica, stamp(c.start), r.replica, stamp(r.start), stamp(r.end)))
				open = -1
			case open < 0 && !c.firstPage:
				problems = append(problems, fmt.Sprintf("mailbox %s: replica %s fetched a listing's later page at %s with no run of its own begun",
					mailbox, c.replica, stamp(c.start)))
			}
			if open < 0 {
				runs = append(runs, feedRun{replica: c.replica, mailbox: mailbox, start: c.start})
				open = len(runs) - 1
			}
			runs[open].end, runs[open].pages = c.end, runs[open].pages+1
			if c.status == http.StatusOK && c.lastPage || c.status >= 500 || c.status == http.StatusBadRequest {
				open = -1
			}
			last = c
		}
	}
	return runs, problems
}

func stamp(t time.Time) string { return t.Format("15:04:05.000") }

// simTryConnectNew connects member to a new member, reporting failure
// rather than failing the test: it runs beside the test's goroutine.
func simTryConnectNew(member string) error {
	n := memberCount.Add(1)
	id := fmt.Sprintf("m-e2e-%d", n)
	for _, call := range []struct {
		path string
		body any
	}{
		{"/sim/members", map[string]any{"id": id, "verifiedEmails": []string{fmt.Sprintf("storm%d@members.example", n)}, "firstName": "Storm"}},
		{"/sim/connections", map[string]any{"a": member, "b": id}},
	} {
		raw, _ := json.Marshal(call.body)
		resp, err := httpClient.Post(sut.simURL+call.path, "application/json", strings.NewReader(string(raw)))
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("POST %s: status %d", call.path, resp.StatusCode)
		}
	}
	return nil
}
