package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Contact sync (services/contactsync) as its users and admins see it
// through the gateway: the two folders of a mailbox, the sync status, the
// tenant's purge jobs; and the simulator's side of it, a member's network.

// The JSON shapes of contact sync's resources, written from the contract
// (proto/liaison/contactsync/v1) like resources_test.go's.

type contactPhone struct {
	Type   string `json:"type"`
	Number string `json:"number"`
}

type contactEmail struct {
	Type    string `json:"type"`
	Address string `json:"address"`
}

type contactAddress struct {
	Type            string `json:"type"`
	Street          string `json:"street"`
	City            string `json:"city"`
	State           string `json:"state"`
	PostalCode      string `json:"postalCode"`
	CountryOrRegion string `json:"countryOrRegion"`
}

type contact struct {
	ID              string           `json:"id"`
	ParentFolderID  string           `json:"parentFolderId"`
	GivenName       string           `json:"givenName"`
	Surname         string           `json:"surname"`
	DisplayName     string           `json:"displayName"`
	Phones          []contactPhone   `json:"phones"`
	EmailAddresses  []contactEmail   `json:"emailAddresses"`
	PostalAddresses []contactAddress `json:"postalAddresses"`
	CompanyName     string           `json:"companyName"`
	JobTitle        string           `json:"jobTitle"`
	SourceMemberID  string           `json:"sourceMemberId"`
	Etag            string           `json:"etag"`
	CreateTime      string           `json:"createTime"`
	UpdateTime      string           `json:"updateTime"`
	LinkedContact   string           `json:"linkedContact"`
}

type contactList struct {
	Contacts      []contact `json:"contacts"`
	NextPageToken string    `json:"nextPageToken"`
}

type contactFolder struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	ReadOnly    bool   `json:"readOnly"`
	TotalCount  int64  `json:"totalCount,string"`
}

type contactFolderList struct {
	Folders []contactFolder `json:"folders"`
}

type contactDelta struct {
	Contacts      []contact `json:"contacts"`
	Deleted       []string  `json:"deleted"`
	NextPageToken string    `json:"nextPageToken"`
	SyncToken     string    `json:"syncToken"`
}

type syncStatus struct {
	Tenant          string `json:"tenant"`
	User            string `json:"user"`
	State           string `json:"state"`
	Reason          string `json:"reason"`
	LastSuccessTime string `json:"lastSuccessTime"`
	LastAttemptTime string `json:"lastAttemptTime"`
	LastError       string `json:"lastError"`
	ContactCount    int64  `json:"contactCount,string"`
	LastAdded       int64  `json:"lastAdded,string"`
	LastUpdated     int64  `json:"lastUpdated,string"`
	LastDeleted     int64  `json:"lastDeleted,string"`
	NextRunTime     string `json:"nextRunTime"`
}

type syncStatusList struct {
	Statuses      []syncStatus `json:"statuses"`
	NextPageToken string       `json:"nextPageToken"`
}

type purgeJob struct {
	ID         string `json:"id"`
	Tenant     string `json:"tenant"`
	User       string `json:"user"`
	State      string `json:"state"`
	Trigger    string `json:"trigger"`
	Reason     string `json:"reason"`
	Deleted    int64  `json:"deleted,string"`
	Total      int64  `json:"total,string"`
	CreateTime string `json:"createTime"`
	StartTime  string `json:"startTime"`
	EndTime    string `json:"endTime"`
	Error      string `json:"error"`
}

type purgeJobList struct {
	Jobs          []purgeJob `json:"jobs"`
	NextPageToken string     `json:"nextPageToken"`
}

// The paths of the contract.
const (
	myFolders      = "/v1/me/contactFolders"
	mySync         = "/v1/me/contactSync"
	defaultMailbox = "OwaMailboxPolicy-Default"
)

func folderPath(folder string) string { return myFolders + "/" + folder + "/contacts" }

func contactPath(folder, id string) string { return folderPath(folder) + "/" + id }

// syncStatusOf is c's own sync status.
func syncStatusOf(t *testing.T, c caller) syncStatus {
	t.Helper()
	var st syncStatus
	c.ok(t, "GET", mySync, nil, &st)
	return st
}

// runSync asks for a sync of c's mailbox now.
func runSync(t *testing.T, c caller) syncStatus {
	t.Helper()
	var st syncStatus
	c.ok(t, "POST", mySync+":run", map[string]any{}, &st)
	return st
}

// syncSlack bounds a sync of a small network: queued at once, a few pages.
const syncSlack = 15 * time.Second

// waitSyncedAfter waits until c's sync is IDLE with a success later than
// after (an earlier status's lastSuccessTime; "" for none), and returns the
// status.
func waitSyncedAfter(t *testing.T, c caller, after string, timeout time.Duration) syncStatus {
	t.Helper()
	var st syncStatus
	eventually(t, timeout, c.name+"'s sync IDLE after a new success", func() (bool, string) {
		st = syncStatusOf(t, c)
		return st.State == "IDLE" && st.LastSuccessTime != "" && later(st.LastSuccessTime, after), jsonText(st)
	})
	return st
}

// later says whether RFC 3339 time a is after b ("" is the beginning).
func later(a, b string) bool {
	if b == "" {
		return true
	}
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.After(tb)
}

// syncNow runs c's sync and waits for it to succeed: a run that starts
// after the call, so it sees the network as it is now.
func syncNow(t *testing.T, c caller, timeout time.Duration) syncStatus {
	t.Helper()
	before := syncStatusOf(t, c)
	runSync(t, c)
	return waitSyncedAfter(t, c, before.LastSuccessTime, timeout)
}

// listFolder reads every contact of one of c's folders, page by page.
func listFolder(t *testing.T, c caller, folder string) []contact {
	t.Helper()
	var all []contact
	token := ""
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("listing %s: more than 1000 pages; the page token loops?", folder)
		}
		path := folderPath(folder) + "?pageSize=1000"
		if token != "" {
			path += "&pageToken=" + url.QueryEscape(token)
		}
		var list contactList
		c.ok(t, "GET", path, nil, &list)
		all = append(all, list.Contacts...)
		if token = list.NextPageToken; token == "" {
			return all
		}
	}
}

// folderCounts lists c's folders as "id=count" (readOnly marked "ro").
func folderCounts(t *testing.T, c caller) []string {
	t.Helper()
	var list contactFolderList
	c.ok(t, "GET", myFolders, nil, &list)
	var out []string
	for _, f := range list.Folders {
		s := fmt.Sprintf("%s=%d", f.ID, f.TotalCount)
		if f.ReadOnly {
			s += " ro"
		}
		out = append(out, s)
	}
	return out
}

// sources returns the source member ids of contacts, sorted, and fails on
// any id or source given twice: a synced member must be one contact.
func sources(t *testing.T, contacts []contact) []string {
	t.Helper()
	ids := map[string]bool{}
	var out []string
	for _, c := range contacts {
		if ids[c.ID] {
			t.Errorf("contact %s listed twice", c.ID)
		}
		ids[c.ID] = true
		out = append(out, c.SourceMemberID)
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			t.Errorf("member %s is in the folder twice", out[i])
		}
	}
	return out
}

// wantFolderIsNetwork fails unless c's LinkedIn folder holds exactly one
// contact per connection of member, and the status counts them.
func wantFolderIsNetwork(t *testing.T, c caller, member string) {
	t.Helper()
	want := simGetMember(t, member).Connections
	slices.Sort(want)
	got := sources(t, listFolder(t, c, "linkedin"))
	if !slices.Equal(got, want) {
		missing, extra := difference(want, got), difference(got, want)
		t.Errorf("the linkedin folder holds %d contacts, the network %d connections; missing %d %s, extra %d %s",
			len(got), len(want), len(missing), head(missing), len(extra), head(extra))
	}
	if st := syncStatusOf(t, c); st.ContactCount != int64(len(want)) {
		t.Errorf("status contactCount %d, want %d", st.ContactCount, len(want))
	}
}

// difference is what a holds and b does not; both sorted.
func difference(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); !found {
			out = append(out, s)
		}
	}
	return out
}

// head shows the first few of a long list.
func head(s []string) string {
	if len(s) > 5 {
		return fmt.Sprintf("%q…", s[:5])
	}
	return fmt.Sprintf("%q", s)
}

// setContactSync switches the tenant's default mailbox policy's LinkedIn
// contact sync on or off, with the policy's current etag.
func setContactSync(t *testing.T, admin caller, tenant string, on bool) {
	t.Helper()
	path := tenantPath(tenant) + "/mailboxPolicies/" + defaultMailbox
	var p mailboxPolicy
	admin.ok(t, "GET", path, nil, &p)
	admin.ok(t, "PATCH", path, map[string]any{"linkedinContactSyncEnabled": on, "etag": p.Etag}, nil)
}

// purgeJobsOf lists the tenant's purge jobs of user (all with ""),
// newest first.
func purgeJobsOf(t *testing.T, admin caller, tenant, user string) []purgeJob {
	t.Helper()
	var list purgeJobList
	admin.ok(t, "GET", tenantPath(tenant)+"/purgeJobs?pageSize=1000", nil, &list)
	var out []purgeJob
	for _, j := range list.Jobs {
		if user == "" || j.User == user {
			out = append(out, j)
		}
	}
	return out
}

// waitPurgeDone waits until user's newest purge job is DONE and returns it.
func waitPurgeDone(t *testing.T, admin caller, tenant, user string, timeout time.Duration) purgeJob {
	t.Helper()
	var job purgeJob
	eventually(t, timeout, user+"'s purge DONE", func() (bool, string) {
		jobs := purgeJobsOf(t, admin, tenant, user)
		if len(jobs) == 0 {
			return false, "no purge job"
		}
		job = jobs[0]
		return job.State == "DONE", jsonText(jobs)
	})
	return job
}

// wantNoLinkedInFolder fails unless c's LinkedIn folder is gone: not
// listed, and every read of it answers 404.
func wantNoLinkedInFolder(t *testing.T, c caller) {
	t.Helper()
	if got := folderCounts(t, c); slices.ContainsFunc(got, func(f string) bool { return strings.HasPrefix(f, "linkedin=") }) {
		t.Errorf("folders %q still list linkedin", got)
	}
	c.fails(t, "GET", folderPath("linkedin"), nil, notFound)
	c.fails(t, "GET", folderPath("linkedin")+":delta", nil, notFound)
}

// The simulator's members, as GET /sim/members/{id} shows them.

type simPhone struct {
	Type   string `json:"type"`
	Number string `json:"number"`
}

type simEmail struct {
	Type    string `json:"type"`
	Address string `json:"address"`
}

type simAddress struct {
	Type       string `json:"type"`
	Street     string `json:"street"`
	City       string `json:"city"`
	Region     string `json:"region"`
	PostalCode string `json:"postalCode"`
	Country    string `json:"country"`
}

type simMember struct {
	ID             string   `json:"id"`
	VerifiedEmails []string `json:"verifiedEmails"`
	FirstName      string   `json:"firstName"`
	LastName       string   `json:"lastName"`
	Position       struct {
		Title   string `json:"title"`
		Company string `json:"company"`
	} `json:"position"`
	Phones      []simPhone   `json:"phones"`
	Emails      []simEmail   `json:"emails"`
	Addresses   []simAddress `json:"addresses"`
	Connections []string     `json:"connections"`
}

func simGetMember(t *testing.T, id string) simMember {
	t.Helper()
	var m simMember
	simCall(t, "GET", "/sim/members/"+id, nil, &m)
	return m
}

// simCreateProfile adds a member whose profile has everything contact sync
// copies (position, several phones, emails and addresses of every kind),
// and returns the member id.
func simCreateProfile(t *testing.T, first, last string) string {
	t.Helper()
	n := memberCount.Add(1)
	id := fmt.Sprintf("m-e2e-%d", n)
	lower := strings.ToLower(first)
	simCall(t, "POST", "/sim/members", map[string]any{
		"id": id, "verifiedEmails": []string{fmt.Sprintf("%s.%d@members.example", lower, n)},
		"firstName": first, "lastName": last,
		"headline": "Engineer at Fabrikam", "position": map[string]any{"title": "Principal Engineer", "company": "Fabrikam " + last},
		"phones": []map[string]any{
			{"type": "work", "number": fmt.Sprintf("+1 425 555 %04d", n%10000)},
			{"type": "mobile", "number": fmt.Sprintf("+44 7700 9%05d", n%100000)},
			{"type": "home", "number": "+49 30 1234567"},
			{"type": "other", "number": "555-0100 ext. 7"},
		},
		"emails": []map[string]any{
			{"type": "work", "address": fmt.Sprintf("%s@fabrikam.example", lower)},
			{"type": "home", "address": fmt.Sprintf("%s.home@example.org", lower)},
			{"type": "other", "address": fmt.Sprintf("%s+other@example.net", lower)},
		},
		"addresses": []map[string]any{
			{"type": "work", "street": "1 Microsoft Way", "city": "Redmond", "region": "WA", "postalCode": "98052", "country": "US"},
			{"type": "home", "street": "Unter den Linden 77", "city": "Berlin", "region": "Berlin", "postalCode": "10117", "country": "DE"},
			{"type": "other", "street": "10 Downing St", "city": "London", "region": "England", "postalCode": "SW1A 2AA", "country": "GB"},
		},
	}, nil)
	return id
}

// simConnect connects two members (201, or 200 if they already were).
func simConnect(t *testing.T, a, b string) {
	t.Helper()
	simCall(t, "POST", "/sim/connections", map[string]any{"a": a, "b": b}, nil)
}

// simDisconnect removes a connection.
func simDisconnect(t *testing.T, a, b string) {
	t.Helper()
	simCall(t, "DELETE", "/sim/connections/"+a+"/"+b, nil, nil)
}

// simGenerateMembers adds n members with full profiles and no connections,
// in one call, and returns their ids. seed must be unique in the run.
func simGenerateMembers(t *testing.T, n int, seed int64) []string {
	t.Helper()
	var out struct {
		Members  int    `json:"members"`
		IDPrefix string `json:"idPrefix"`
	}
	simCall(t, "POST", "/sim/generate", map[string]any{"members": n, "connectionsEach": 0, "seed": seed}, &out)
	width := len(fmt.Sprint(n - 1))
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%0*d", out.IDPrefix, width, i)
	}
	return ids
}

// simConnectMany connects member to every one of others, many calls at a
// time.
func simConnectMany(t *testing.T, member string, others []string) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	defer client.CloseIdleConnections()
	work := make(chan string)
	errs := make(chan error, 16)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for other := range work {
				body, _ := json.Marshal(map[string]string{"a": member, "b": other})
				resp, err := client.Post(sut.simURL+"/sim/connections", "application/json", bytes.NewReader(body))
				if err == nil {
					resp.Body.Close()
					if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("connect %s to %s: status %d", member, other, resp.StatusCode)
					}
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for _, o := range others {
		work <- o
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
}

// simSlowFeed delays every page of the network's connections feed, so a
// sync of a large network takes a while, until the test ends or
// simClearFaults.
func simSlowFeed(t *testing.T, latency time.Duration) {
	t.Helper()
	simCall(t, "PUT", "/sim/faults", map[string]any{"latencyMs": latency.Milliseconds(), "paths": "/v2/connections"}, nil)
	t.Cleanup(func() { simClearFaults(t) })
}

// wantContactOfMember fails unless c is the LinkedIn folder's copy of m:
// names, position, and every phone, email and address with its kind.
func wantContactOfMember(t *testing.T, c contact, m simMember) {
	t.Helper()
	want := contact{
		ID: c.ID, ParentFolderID: "linkedin", SourceMemberID: m.ID,
		GivenName: m.FirstName, Surname: m.LastName, DisplayName: strings.TrimSpace(m.FirstName + " " + m.LastName),
		CompanyName: m.Position.Company, JobTitle: m.Position.Title,
		Phones: []contactPhone{}, EmailAddresses: []contactEmail{}, PostalAddresses: []contactAddress{},
		Etag: c.Etag, CreateTime: c.CreateTime, UpdateTime: c.UpdateTime, LinkedContact: c.LinkedContact,
	}
	for _, p := range m.Phones {
		want.Phones = append(want.Phones, contactPhone{Type: kindOf(p.Type, map[string]string{"work": "BUSINESS", "mobile": "MOBILE", "home": "HOME"}), Number: p.Number})
	}
	for _, e := range m.Emails {
		want.EmailAddresses = append(want.EmailAddresses, contactEmail{Type: kindOf(e.Type, map[string]string{"work": "WORK", "home": "PERSONAL", "personal": "PERSONAL"}), Address: e.Address})
	}
	for _, a := range m.Addresses {
		want.PostalAddresses = append(want.PostalAddresses, contactAddress{
			Type: kindOf(a.Type, map[string]string{"work": "BUSINESS", "home": "HOME"}), Street: a.Street, City: a.City,
			State: a.Region, PostalCode: a.PostalCode, CountryOrRegion: a.Country,
		})
	}
	if got, wantText := jsonText(c), jsonText(want); got != wantText {
		t.Errorf("contact of %s:\n got %s\nwant %s", m.ID, got, wantText)
	}
	if c.ID == "" || c.Etag == "" || c.CreateTime == "" || c.UpdateTime == "" {
		t.Errorf("contact of %s lacks its id, etag or times: %s", m.ID, jsonText(c))
	}
}

// kindOf maps LinkedIn's kind of a phone, email or address to the
// contract's; any other kind is OTHER.
func kindOf(linkedin string, kinds map[string]string) string {
	if k, ok := kinds[linkedin]; ok {
		return k
	}
	return "OTHER"
}

// restartIfDown starts a service a test killed again when the test ends,
// even when it failed midway: later tests need it.
func restartIfDown(t *testing.T, name string) {
	t.Helper()
	t.Cleanup(func() {
		if sut.PID(name) == 0 {
			if err := sut.Restart(name, nil); err != nil {
				t.Errorf("restarting %s after the test: %v", name, err)
			}
		}
	})
}
