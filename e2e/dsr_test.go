package e2e

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// TestDataSubjectRequests: a person with a footprint in every service (a
// directory entry, memberships, a report, changes made as an admin, a
// LinkedIn connection, synced and own contacts) is exported with
// liaisonctl into one archive, then erased; after the erasure no table of
// any service's database holds their id, email or name, and the audit log
// and the ledger still hold every event, under a pseudonym.
func TestDataSubjectRequests(t *testing.T) {
	ten, admin := newTenant(t, "US")
	const id = "ursula.dsr"
	person := newLinkedInUser(t, admin, ten.ID, id)
	email := id + "@" + ten.ID + ".example.com"
	admin.ok(t, "PATCH", tenantPath(ten.ID)+"/users/"+id, map[string]any{
		"givenName": "Ursulina", "surname": "Quennellsdottir", "jobTitle": "Data steward", "displayName": "Ursulina Quennellsdottir",
	}, nil)
	createUsers(t, admin, ten.ID, "vic")
	admin.ok(t, "PATCH", tenantPath(ten.ID)+"/users/vic", map[string]any{"manager": id}, nil)
	createGroup(t, admin, ten.ID, "stewards", "users/"+id)
	// As an admin she changes a setting: she is an actor of the audit log.
	as(t, ten.ID, id, roleTenantAdmin).ok(t, "PATCH", tenantPath(ten.ID)+"/clientPolicy", map[string]any{"setting": "ENABLED"}, nil)
	for _, name := range []string{"Pat", "Quinn"} {
		simConnect(t, person.memberID, simCreateProfile(t, name, "Tester"))
	}
	connectLinkedIn(t, person.caller, bidirectional)
	waitSyncedAfter(t, person.caller, "", syncSlack)
	person.caller.ok(t, "POST", folderPath("contacts"), map[string]any{"givenName": "Olive"}, nil)
	c := newCtl(t, ten.ID, admin.token)

	archive := filepath.Join(t.TempDir(), "export.zip")
	c.ok("dsr", "export", id, "-f", archive)
	files := unzip(t, archive)
	var manifest struct {
		Format, Tenant, User string
		Files                []struct {
			Name  string
			Items int
		}
		SecretsHeld []string
	}
	if err := json.Unmarshal(files["manifest.json"], &manifest); err != nil {
		t.Fatal(err)
	}
	items := map[string]int{}
	for _, f := range manifest.Files {
		items[f.Name] = f.Items
	}
	if manifest.User != id || items["directory.json"] != 1 || items["memberships.json"] != 1 || items["contacts.json"] != 3 ||
		items["consent.json"] < 1 || items["audit-events.json"] < 5 {
		t.Errorf("manifest %+v, items %v: want her entry, 1 group, 3 contacts (2 synced, 1 own), her grant, her audit entries", manifest, items)
	}
	if len(manifest.SecretsHeld) != 1 || !strings.Contains(manifest.SecretsHeld[0], "LinkedIn access and refresh tokens") {
		t.Errorf("secrets held %v, want her LinkedIn tokens listed", manifest.SecretsHeld)
	}
	for name, body := range files {
		for _, secret := range []string{"accessToken", "refreshToken", "access_token"} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("%s holds %q: secrets are listed, never exported", name, secret)
			}
		}
	}
	if !bytes.Contains(files["directory.json"], []byte("Quennellsdottir")) || !bytes.Contains(files["contacts.json"], []byte("Olive")) ||
		!bytes.Contains(files["audit-events.json"], []byte("UpdateClientPolicy")) {
		t.Errorf("the archive lacks her data:\n%s\n%s", files["directory.json"], files["audit-events.json"])
	}

	var erasure struct {
		Id, State, Pseudonym string
		Receipts             []struct{ Service, State, Detail string }
	}
	decode(t, c.ok("dsr", "erase", id, "--yes", "-o", "json", "--timeout", "2m"), &erasure)
	if erasure.State != "DONE" || len(erasure.Receipts) != 3 || !strings.HasPrefix(erasure.Pseudonym, "erased-") {
		t.Fatalf("erasure %+v, want DONE with 3 receipts", erasure)
	}
	for _, r := range erasure.Receipts {
		if r.State != "DONE" || r.Detail == "" {
			t.Errorf("receipt %+v, want DONE with what it did", r)
		}
	}
	t.Logf("receipts: %+v", erasure.Receipts)

	// Her token lives on: writing with it must not bring her back.
	if resp := person.caller.send(t, "POST", folderPath("contacts"), map[string]any{"givenName": "Olive"}); resp.status != 409 {
		t.Errorf("creating a contact with the erased person's token: %d %s, want 409", resp.status, resp.body)
	}

	t.Run("no database holds the person", func(t *testing.T) {
		for _, db := range []string{"policy", "consent", "contact-sync"} {
			for _, hit := range scanDatabase(t, filepath.Join(sut.Dir(), db+".db"), id, email, "Ursulina", "Quennellsdottir", person.memberID) {
				t.Errorf("%s.db still holds the person: %s", db, hit)
			}
		}
	})
	t.Run("the history stays, under the pseudonym", func(t *testing.T) {
		c.fails(4, []string{"NOT_FOUND"}, "users", "get", id)
		wantReason(t, id, checkAccess(t, admin, ten.ID, id, "ACCOUNT_CONNECTION", "WEB"), "USER_NOT_FOUND")
		audit := c.ok("audit", "--limit", "0")
		for _, want := range []string{"tenants/" + ten.ID + "/users/" + erasure.Pseudonym, "tenants/" + ten.ID + "/erasures/" + erasure.Id, erasure.Pseudonym + " "} {
			if !strings.Contains(audit, want) {
				t.Errorf("the audit log lacks %q:\n%s", want, audit)
			}
		}
		events := c.ok("consent", "events", "--limit", "0")
		if !strings.Contains(events, erasure.Pseudonym) || !strings.Contains(events, "GRANTED") || !strings.Contains(events, "DATA_ERASURE") {
			t.Errorf("the ledger should keep her grant and the revocation under the pseudonym:\n%s", events)
		}
		var vic struct{ Manager string }
		decode(t, c.ok("users", "get", "vic", "-o", "json"), &vic)
		if vic.Manager != "" {
			t.Errorf("vic's manager is still %q", vic.Manager)
		}
		status := c.ok("dsr", "status", erasure.Id)
		if !strings.Contains(status, "DONE") || !strings.Contains(status, erasure.Pseudonym) {
			t.Errorf("dsr status:\n%s", status)
		}
	})
}

// unzip reads every file of a zip archive.
func unzip(t *testing.T, path string) map[string][]byte {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	files := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// scanDatabase reads every column of every row of every table of the
// SQLite database at path, as bytes (text, JSON and protobuf blobs alike),
// and lists where any of terms stands, whatever its case.
func scanDatabase(t *testing.T, path string, terms ...string) []string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no database to scan: %v", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var hits []string
	scanned := 0
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		columns, _ := rows.Columns()
		for rows.Next() {
			values := make([]any, len(columns))
			pointers := make([]any, len(columns))
			for i := range values {
				pointers[i] = &values[i]
			}
			if err := rows.Scan(pointers...); err != nil {
				t.Fatal(err)
			}
			scanned++
			for i, v := range values {
				var b []byte
				switch v := v.(type) {
				case []byte:
					b = v
				case string:
					b = []byte(v)
				default:
					b = []byte(fmt.Sprint(v))
				}
				for _, term := range terms {
					if bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(term))) {
						hits = append(hits, fmt.Sprintf("%s.%s holds %q", table, columns[i], term))
					}
				}
			}
		}
		rows.Close()
	}
	if scanned == 0 {
		t.Fatalf("%s: no rows scanned", path)
	}
	return hits
}

// TestAnErasureGoesOnAcrossAnOutage: an erasure asked for while consent is
// down is accepted, waits, and finishes once consent is back.
func TestAnErasureGoesOnAcrossAnOutage(t *testing.T) {
	ten, admin := newTenant(t, "US")
	const id = "wanda.dsr"
	person := newLinkedInUser(t, admin, ten.ID, id)
	connectLinkedIn(t, person.caller, bidirectional)
	c := newCtl(t, ten.ID, admin.token)
	var erasure struct{ Id, State string }
	err := sut.restartConsent(func() error {
		decode(t, c.ok("dsr", "erase", id, "--yes", "--no-wait", "-o", "json"), &erasure)
		if erasure.State == "DONE" {
			return fmt.Errorf("the erasure is done while consent is down")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Minute, "the erasure done after the outage", func() (bool, string) {
		out := c.ok("dsr", "status", erasure.Id)
		return strings.Contains(out, ": DONE;"), out
	})
	c.fails(4, []string{"NOT_FOUND"}, "users", "get", id)
	for _, db := range []string{"policy", "consent", "contact-sync"} {
		for _, hit := range scanDatabase(t, filepath.Join(sut.Dir(), db+".db"), id, person.memberID) {
			t.Errorf("%s.db still holds the person: %s", db, hit)
		}
	}
}
