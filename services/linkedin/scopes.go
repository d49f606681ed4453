package linkedin

import (
	"slices"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// The scopes the consent service asks the network for.
const (
	// ScopeOpenID identifies the member (Member's ID).
	ScopeOpenID = "openid"
	// ScopeProfile adds the member's names, and lets the profile card look
	// up other members' public profiles.
	ScopeProfile = "profile"
	// ScopeEmail adds the member's primary verified email.
	ScopeEmail = "email"
	// ScopeNetwork reads the member's connections for contact sync.
	ScopeNetwork = "r_network"
	// ScopeReadContactImports lists the contacts the organization imported.
	ScopeReadContactImports = "r_contacts_import"
	// ScopeWriteContactImports imports the organization's contacts into the
	// member's account, and deletes them again on disconnect.
	ScopeWriteContactImports = "w_contacts_import"
)

// ScopesFor returns the scopes a consent direction needs (seed 004): the
// member's identity and network for LinkedIn -> organization, plus contact
// import for both ways. An unspecified direction needs nothing and gets nil.
func ScopesFor(direction typev1.ConsentDirection) []string {
	switch direction {
	case typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION:
		return []string{ScopeOpenID, ScopeProfile, ScopeEmail, ScopeNetwork}
	case typev1.ConsentDirection_BIDIRECTIONAL:
		return []string{ScopeOpenID, ScopeProfile, ScopeEmail, ScopeNetwork,
			ScopeReadContactImports, ScopeWriteContactImports}
	default:
		return nil
	}
}

// Covers reports whether the granted scopes are enough for direction.
// Downgrading a consent never needs a new authorization; upgrading needs
// one exactly when this says false. An unspecified direction is never
// covered: there is nothing to consent to.
func Covers(granted []string, direction typev1.ConsentDirection) bool {
	needed := ScopesFor(direction)
	if needed == nil {
		return false
	}
	for _, s := range needed {
		if !slices.Contains(granted, s) {
			return false
		}
	}
	return true
}
