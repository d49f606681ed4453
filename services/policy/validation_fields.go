package policy

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/liaisonhq/liaison/platform/paging"
	"github.com/liaisonhq/liaison/platform/validate"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// Limits of the directory's fields. Names follow Microsoft Entra ID's, the
// directory Liaison mirrors; the rest are what a directory needs with room
// to spare. Each is stated in its field's comment in the .proto files, and
// TestEveryRequestFieldHasALimit checks that both agree.
const (
	maxDisplayName    = 256 // user, group and tenant names
	maxShortName      = 64  // given name, surname, department
	maxLongName       = 128 // job title, office
	maxDescription    = 1024
	maxPhones         = 10
	maxGroupOverrides = 50
	maxBatchUsers     = 1000
	maxEtag           = 32  // a revision in decimal, with room
	maxActor          = 128 // an output-only update_actor sent back
	maxMember         = len("groups/") + 64
	// maxGroupMembers bounds a group's direct members, so GetGroup and the
	// member calls, which answer with all of them, stay well under gRPC's
	// 4 MiB message limit. Larger groups nest groups.
	maxGroupMembers = 10000
	// maxQuery bounds a directory search: longer than any name or email
	// anyone types.
	maxQuery = 100
)

// Page sizes of the lists whose items are large: a full page of the
// largest items stays well under gRPC's 4 MiB message limit
// (TestLargestPagesFitInAMessage).
const (
	maxUserPage          = 200
	maxGroupPage         = 200
	maxAuditPage         = 100 // an event holds a resource twice
	maxMailboxPolicyPage = paging.MaxSize
	// maxPeoplePage is a search's screenful; people are small.
	maxPeoplePage     = 25
	defaultPeoplePage = 10
)

// Identifier rules, with the words the errors use.
var (
	policyID        = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	policyIDRule    = "1 to 64 letters, digits, dots, hyphens or underscores"
	erasureID       = regexp.MustCompile(`^[0-9a-f]{32}$`)
	erasureIDRule   = "32 lowercase hexadecimal digits, as EraseUserData answered"
	countryCode     = regexp.MustCompile(`^[A-Z]{2}$`)
	countryCodeRule = "exactly 2 capital letters: an ISO 3166-1 alpha-2 country code such as US or DE"
)

func tenant(v *validate.Report, id string) { v.TenantID("tenant", id) }

// wordCharacters counts the letters and digits of s.
func wordCharacters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func tenantObject(v *validate.Report, t, field, id string) {
	tenant(v, t)
	v.ObjectID(field, id)
}

func tenantPolicy(v *validate.Report, t, field, id string) {
	tenant(v, t)
	v.ID(field, id, policyID, policyIDRule)
}

func member(v *validate.Report, m string) {
	if !v.Required("member", m) || !v.MaxLen("member", m, maxMember) {
		return
	}
	kind, id, ok := strings.Cut(m, "/")
	v.Check(ok && (kind == "users" || kind == "groups") && validate.IsObjectID(id), "member",
		`must be "users/{id}" or "groups/{id}" with an id of `+validate.ObjectIDRule)
}

// userFields checks a user's fields; required says whether a field must
// be set (on create, all that are required; on update, those the mask
// names).
func userFields(v *validate.Report, u *policyv1.User, required func(string) bool) {
	if required("email") {
		v.Required("user.email", u.GetEmail())
	}
	v.Email("user.email", u.GetEmail())
	if required("display_name") {
		v.Required("user.display_name", u.GetDisplayName())
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"display_name", u.GetDisplayName(), maxDisplayName}, {"given_name", u.GetGivenName(), maxShortName},
		{"surname", u.GetSurname(), maxShortName}, {"job_title", u.GetJobTitle(), maxLongName},
		{"department", u.GetDepartment(), maxShortName}, {"office", u.GetOffice(), maxLongName},
	} {
		v.Text("user."+f.name, f.value, f.max)
	}
	v.OptionalObjectID("user.manager", u.GetManager())
	v.Pattern("user.mailbox_policy", u.GetMailboxPolicy(), policyID, policyIDRule)
	if v.Count("user.phones", len(u.GetPhones()), maxPhones, "phone numbers") {
		for i, p := range u.GetPhones() {
			field := fmt.Sprintf("user.phones[%d]", i)
			v.Phone(field+".number", p.GetNumber())
			validate.Enum(v, field+".type", p.GetType(), false)
		}
	}
}

// settingsFields checks the LinkedIn settings fields that carry text.
func settingsFields(v *validate.Report, prefix string, s *policyv1.LinkedInSettings) {
	v.OptionalObjectID(prefix+".selected_group", s.GetSelectedGroup())
	versioned(v, prefix, s)
}

// versioned checks the etag and the output-only update actor of a
// resource sent back for an update.
func versioned(v *validate.Report, prefix string, r interface {
	GetEtag() string
	GetUpdateActor() string
}) {
	v.Text(prefix+".etag", r.GetEtag(), maxEtag)
	v.MaxLen(prefix+".update_actor", r.GetUpdateActor(), maxActor)
}

// clientPolicyFields checks the client policy's overrides and version.
func clientPolicyFields(v *validate.Report, p *policyv1.ClientPolicy) {
	versioned(v, "policy", p)
	if !v.Count("policy.group_overrides", len(p.GetGroupOverrides()), maxGroupOverrides, "overrides") {
		return
	}
	seen := map[string]bool{}
	for i, o := range p.GetGroupOverrides() {
		v.ObjectID(overrideField(i, "group"), o.GetGroup())
		v.Check(!seen[o.GetGroup()], overrideField(i, "group"), "must not repeat a group")
		seen[o.GetGroup()] = true
		v.Check(o.GetSetting() == policyv1.ClientPolicy_ENABLED || o.GetSetting() == policyv1.ClientPolicy_DISABLED,
			overrideField(i, "setting"), "must be ENABLED or DISABLED")
	}
}

func overrideField(i int, name string) string {
	return fmt.Sprintf("policy.group_overrides[%d].%s", i, name)
}

// lookupKey checks that exactly one of a user id and an email names whom
// to find.
func lookupKey(v *validate.Report, user, email string) {
	switch {
	case user == "" && email == "":
		v.Add("user", "or email is required")
	case user != "" && email != "":
		v.Add("email", "must be empty when user is set (give one of them)")
	case user != "":
		v.ObjectID("user", user)
	default:
		v.Email("email", email)
	}
}
