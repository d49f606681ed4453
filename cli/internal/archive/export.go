// Package archive writes a data-subject export as one zip archive: a JSON
// file per part of what Liaison holds about a person, and a manifest that
// lists each with its size, item count and SHA-256.
package archive

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Format names the archive's layout; a later layout gets a new name.
const Format = "liaison.dev/user-data-export/v1"

// Export gathers the parts of ExportUserData's stream.
type Export struct {
	user        *policyv1.User
	memberships *policyv1.UserMemberships
	audit       []*policyv1.AuditEvent
	consent     *consentv1.ExportUserDataResponse
	contacts    *contactsyncv1.ExportUserContactsResponse
	summary     *policyv1.UserDataSummary
}

// NewExport returns an empty export.
func NewExport() *Export { return &Export{} }

// Add takes one part of the stream.
func (e *Export) Add(part *policyv1.ExportUserDataResponse) error {
	switch p := part.Part.(type) {
	case *policyv1.ExportUserDataResponse_User:
		e.user = p.User
	case *policyv1.ExportUserDataResponse_Memberships:
		e.memberships = p.Memberships
	case *policyv1.ExportUserDataResponse_AuditEvents:
		e.audit = append(e.audit, p.AuditEvents.Events...)
	case *policyv1.ExportUserDataResponse_Consent:
		e.consent = p.Consent
	case *policyv1.ExportUserDataResponse_Contacts:
		if e.contacts == nil {
			e.contacts = &contactsyncv1.ExportUserContactsResponse{Status: p.Contacts.Status, PurgeJobs: p.Contacts.PurgeJobs}
		}
		e.contacts.Contacts = append(e.contacts.Contacts, p.Contacts.Contacts...)
	case *policyv1.ExportUserDataResponse_Summary:
		e.summary = p.Summary
	default:
		return fmt.Errorf("the export holds a part this liaisonctl does not know (%T): use a newer liaisonctl", part.Part)
	}
	return nil
}

// Manifest describes an archive.
type Manifest struct {
	Format      string   `json:"format"`
	Tenant      string   `json:"tenant"`
	User        string   `json:"user"`
	ExportTime  string   `json:"exportTime"`
	Files       []File   `json:"files"`
	SecretsHeld []string `json:"secretsHeld"`
}

// File is one file of an archive.
type File struct {
	Name        string `json:"name"`
	Service     string `json:"service"`
	Description string `json:"description"`
	Items       int    `json:"items"`
	Bytes       int    `json:"bytes"`
	SHA256      string `json:"sha256"`
}

// Describe says in a line what the archive holds.
func (m *Manifest) Describe() string {
	var parts []string
	for _, f := range m.Files {
		parts = append(parts, fmt.Sprintf("%s (%d)", strings.TrimSuffix(f.Name, ".json"), f.Items))
	}
	return strings.Join(parts, ", ")
}

// Write writes the archive to w and returns its manifest. An export whose
// stream did not end with its summary is refused: it may be incomplete.
func (e *Export) Write(w io.Writer) (*Manifest, error) {
	if e.summary == nil {
		return nil, fmt.Errorf("the export ended before its summary: it may be incomplete, and nothing was written")
	}
	m := &Manifest{
		Format: Format, Tenant: e.summary.Tenant, User: e.summary.User,
		ExportTime: e.summary.ExportTime.AsTime().UTC().Format(time.RFC3339), SecretsHeld: e.summary.SecretsHeld,
	}
	if m.SecretsHeld == nil {
		m.SecretsHeld = []string{}
	}
	z := zip.NewWriter(w)
	files := []struct {
		name, service, description string
		items                      int
		body                       proto.Message
	}{
		{"directory.json", "policy", "the directory entry ({} when there is none)", boolCount(e.user != nil), e.user},
		{"memberships.json", "policy", "the groups the user is in, directly and through nested groups, and their direct reports",
			len(e.memberships.GetGroups()), e.memberships},
		{"audit-events.json", "policy", "audit log entries about the user or made by the user, oldest first",
			len(e.audit), &policyv1.AuditEvents{Events: e.audit}},
		{"consent.json", "consent", "the LinkedIn connection (never its tokens), the consent ledger and LinkedIn's clean-up steps",
			len(e.consent.GetEvents()), e.consent},
		{"contacts.json", "contact-sync", "both contact folders (the user's own and the synced LinkedIn ones), the sync status and purge jobs",
			len(e.contacts.GetContacts()), e.contacts},
		{"summary.json", "policy", "what the export holds, as the services counted it", 1, e.summary},
	}
	for _, f := range files {
		body, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(f.body)
		if err != nil {
			return nil, err
		}
		if err := add(z, f.name, body, e.summary.ExportTime.AsTime()); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		m.Files = append(m.Files, File{Name: f.name, Service: f.service, Description: f.description, Items: f.items, Bytes: len(body), SHA256: hex.EncodeToString(sum[:])})
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := add(z, "manifest.json", manifest, e.summary.ExportTime.AsTime()); err != nil {
		return nil, err
	}
	return m, z.Close()
}

// add writes one file, dated when the export was read.
func add(z *zip.Writer, name string, body []byte, when time.Time) error {
	f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: when})
	if err != nil {
		return err
	}
	_, err = f.Write(body)
	return err
}

func boolCount(b bool) int {
	if b {
		return 1
	}
	return 0
}
