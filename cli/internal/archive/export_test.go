package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestArchiveHoldsEveryPartWithItsManifest(t *testing.T) {
	e := NewExport()
	parts := []*policyv1.ExportUserDataResponse{
		{Part: &policyv1.ExportUserDataResponse_User{User: &policyv1.User{Id: "alice", Email: "alice@contoso.com"}}},
		{Part: &policyv1.ExportUserDataResponse_Memberships{Memberships: &policyv1.UserMemberships{DirectGroups: []string{"core"}, Groups: []string{"core", "pilot"}}}},
		{Part: &policyv1.ExportUserDataResponse_AuditEvents{AuditEvents: &policyv1.AuditEvents{Events: []*policyv1.AuditEvent{{Revision: 1}, {Revision: 2}}}}},
		{Part: &policyv1.ExportUserDataResponse_AuditEvents{AuditEvents: &policyv1.AuditEvents{Events: []*policyv1.AuditEvent{{Revision: 3}}}}},
		{Part: &policyv1.ExportUserDataResponse_Consent{Consent: &consentv1.ExportUserDataResponse{LinkedinTokensHeld: true, Events: []*consentv1.ConsentEvent{{Revision: 7}}}}},
		{Part: &policyv1.ExportUserDataResponse_Contacts{Contacts: &contactsyncv1.ExportUserContactsResponse{Contacts: []*contactsyncv1.Contact{{Id: "c1"}}, NextPageToken: "x"}}},
		{Part: &policyv1.ExportUserDataResponse_Contacts{Contacts: &contactsyncv1.ExportUserContactsResponse{Contacts: []*contactsyncv1.Contact{{Id: "c2"}}}}},
	}
	for _, p := range parts {
		if err := e.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Write(io.Discard); err == nil || !strings.Contains(err.Error(), "before its summary") {
		t.Fatalf("an export without its summary: %v, want it refused", err)
	}
	_ = e.Add(&policyv1.ExportUserDataResponse{Part: &policyv1.ExportUserDataResponse_Summary{Summary: &policyv1.UserDataSummary{
		Tenant: "contoso", User: "alice", ExportTime: timestamppb.Now(), SecretsHeld: []string{"LinkedIn tokens: present, not exported"},
	}}})
	var buf bytes.Buffer
	m, err := e.Write(&buf)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		r, _ := f.Open()
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	var manifest Manifest
	if err := json.Unmarshal(files["manifest.json"], &manifest); err != nil {
		t.Fatal(err)
	}
	items := map[string]int{}
	for _, f := range manifest.Files {
		sum := sha256.Sum256(files[f.Name])
		if hex.EncodeToString(sum[:]) != f.SHA256 || len(files[f.Name]) != f.Bytes {
			t.Errorf("%s: the manifest's size and hash do not match the file", f.Name)
		}
		items[f.Name] = f.Items
	}
	want := map[string]int{"directory.json": 1, "memberships.json": 2, "audit-events.json": 3, "consent.json": 1, "contacts.json": 2, "summary.json": 1}
	for name, n := range want {
		if items[name] != n {
			t.Errorf("%s: %d items in the manifest, want %d", name, items[name], n)
		}
	}
	if manifest.Format != Format || manifest.User != "alice" || len(manifest.SecretsHeld) != 1 || len(m.Files) != 6 {
		t.Errorf("manifest %+v", manifest)
	}
	if !strings.Contains(string(files["contacts.json"]), `"c2"`) || strings.Contains(string(files["contacts.json"]), "nextPageToken") {
		t.Errorf("contacts.json should hold every page's contacts, without paging:\n%s", files["contacts.json"])
	}
}
