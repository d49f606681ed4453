package profilecard

import (
	"context"
	"strings"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// directoryEntry is what the tenant's directory holds about a target, as
// the card shows it: built once when read, then shared, unchanged, by the
// cards that use it (a cached entry costs a lookup no allocation).
type directoryEntry struct {
	// section is nil when the target is not in the directory.
	section *profilecardv1.DirectorySection
	prov    []*profilecardv1.Provenance
}

// directoryOf looks the target up in the viewer's tenant's directory,
// through the same views as policy's decisions: an entry is used while no
// change to the tenant has followed it.
func (s *Service) directoryOf(ctx context.Context, who viewer, target string) (*directoryEntry, error) {
	key := directoryKey{tenant: who.tenant, target: strings.ToLower(target)}
	return s.views.directory.get(ctx, key, s.views.policyChanges.since(who.tenant),
		func(ctx context.Context, floor int64) (*directoryEntry, int64, error) {
			req := &policyv1.LookupUserRequest{Tenant: who.tenant}
			if isEmail(target) {
				req.Email = target
			} else {
				req.User = target
			}
			resp, err := s.Policy.LookupUser(ctx, req)
			switch {
			case status.Code(err) == codes.NotFound:
				return &directoryEntry{}, floor, nil
			case err != nil:
				return nil, 0, err
			}
			// The directory is read after the floor was, so it reflects it.
			return inDirectory(resp, time.Now()), floor, nil
		})
}

func isEmail(target string) bool { return strings.Contains(target, "@") }

// outsideDirectory is the directory section of a target the directory
// does not hold: the email, as asked for.
func outsideDirectory(target string, prov *provenance) *profilecardv1.DirectorySection {
	section := &profilecardv1.DirectorySection{}
	if isEmail(target) {
		section.Email = target
		prov.add("email", profilecardv1.Source_REQUEST, time.Time{})
	}
	return section
}

// inDirectory is the card's directory facts of a user, and where each
// came from.
func inDirectory(resp *policyv1.LookupUserResponse, fetched time.Time) *directoryEntry {
	u := resp.User
	section := &profilecardv1.DirectorySection{
		InDirectory: true, User: u.Id, Email: u.Email, DisplayName: u.DisplayName, JobTitle: u.JobTitle,
		Department: u.Department, Office: u.Office, Manager: u.Manager, ManagerDisplayName: resp.ManagerDisplayName,
		DirectReportsCount: resp.DirectReportsCount,
	}
	for _, p := range u.Phones {
		section.Phones = append(section.Phones, &profilecardv1.Phone{Type: phoneType(p.Type), Number: p.Number})
	}
	var prov provenance
	prov.fields(profilecardv1.Source_DIRECTORY, fetched, []field{
		{"user", true}, {"email", true}, {"display_name", u.DisplayName != ""}, {"job_title", u.JobTitle != ""},
		{"department", u.Department != ""}, {"office", u.Office != ""}, {"phones", len(u.Phones) > 0},
		{"manager", u.Manager != ""}, {"manager_display_name", resp.ManagerDisplayName != ""}, {"direct_reports_count", true},
	})
	return &directoryEntry{section: section, prov: prov.entries}
}

// phoneType names a directory phone's kind as cards do.
func phoneType(t policyv1.PhoneNumber_Type) string {
	switch t {
	case policyv1.PhoneNumber_BUSINESS:
		return "work"
	case policyv1.PhoneNumber_MOBILE:
		return "mobile"
	default:
		return strings.ToLower(t.String())
	}
}
