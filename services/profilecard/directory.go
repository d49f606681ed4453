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

// directoryEntry is what the tenant's directory holds about a target.
type directoryEntry struct {
	user        *policyv1.User // nil when the target is not in the directory
	managerName string
	reports     int32
}

// directoryOf looks the target up in the viewer's tenant's directory,
// through the same views as policy's decisions: an entry is used while no
// change to the tenant has followed it.
func (s *Service) directoryOf(ctx context.Context, who viewer, target string) (*directoryEntry, time.Time, error) {
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
			return &directoryEntry{user: resp.User, managerName: resp.ManagerDisplayName, reports: resp.DirectReportsCount}, floor, nil
		})
}

func isEmail(target string) bool { return strings.Contains(target, "@") }

// directorySection is the card's directory facts, and where each came from.
func directorySection(target string, entry *directoryEntry, fetched time.Time, prov *provenance) *profilecardv1.DirectorySection {
	u := entry.user
	if u == nil {
		section := &profilecardv1.DirectorySection{}
		if isEmail(target) {
			section.Email = target
			prov.add("email", profilecardv1.Source_REQUEST, time.Time{})
		}
		return section
	}
	section := &profilecardv1.DirectorySection{
		InDirectory: true, User: u.Id, Email: u.Email, DisplayName: u.DisplayName, JobTitle: u.JobTitle,
		Department: u.Department, Office: u.Office, Manager: u.Manager, ManagerDisplayName: entry.managerName,
		DirectReportsCount: entry.reports,
	}
	for _, p := range u.Phones {
		section.Phones = append(section.Phones, &profilecardv1.Phone{Type: phoneType(p.Type), Number: p.Number})
	}
	prov.fields(profilecardv1.Source_DIRECTORY, fetched, []field{
		{"user", true}, {"email", true}, {"display_name", u.DisplayName != ""}, {"job_title", u.JobTitle != ""},
		{"department", u.Department != ""}, {"office", u.Office != ""}, {"phones", len(u.Phones) > 0},
		{"manager", u.Manager != ""}, {"manager_display_name", entry.managerName != ""}, {"direct_reports_count", true},
	})
	return section
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
