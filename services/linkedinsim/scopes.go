package linkedinsim

import (
	"fmt"
	"slices"
	"strings"
)

// The scopes a client may request. Each grants one kind of access; the
// consent service asks for the LinkedIn -> organization set, and adds the
// contact-import scopes only when the member consents to both directions.
const (
	// ScopeOpenID lets the client learn who the member is: /v2/userinfo
	// answers with the member id (sub).
	ScopeOpenID = "openid"
	// ScopeProfile lets the client read the member's profile (/v2/me) and
	// look up other members' public profiles by email (/v2/people).
	ScopeProfile = "profile"
	// ScopeEmail adds the member's primary verified email to /v2/userinfo.
	ScopeEmail = "email"
	// ScopeNetwork lets the client read the member's first-degree
	// connections and their contact data through the change feed.
	ScopeNetwork = "r_network"
	// ScopeReadContactImports lets the client list the contacts it imported.
	ScopeReadContactImports = "r_contacts_import"
	// ScopeWriteContactImports lets the client upload the member's contacts
	// from the organization, and delete them all again (seed 004: contacts
	// are the one thing LinkedIn stores until the member removes them).
	ScopeWriteContactImports = "w_contacts_import"
)

// knownScopes lists the scopes in a fixed order, with the sentence the
// consent page shows the member for each.
var knownScopes = []struct {
	name, description string
}{
	{ScopeOpenID, "Know who you are on LinkedIn"},
	{ScopeProfile, "Read your profile and look up the public profiles of other members"},
	{ScopeEmail, "Read your primary email address"},
	{ScopeNetwork, "Read your first-degree connections, including their contact information"},
	{ScopeReadContactImports, "Read the contacts it has imported into your LinkedIn account"},
	{ScopeWriteContactImports, "Import your organization's contacts into your LinkedIn account, and delete them"},
}

// parseScopes reads a space-separated scope list into the canonical order
// without duplicates; an unknown scope is an error naming it.
func parseScopes(s string) ([]string, error) {
	requested := strings.Fields(s)
	if len(requested) == 0 {
		return nil, fmt.Errorf("no scope requested")
	}
	var out []string
	for _, k := range knownScopes {
		if slices.Contains(requested, k.name) {
			out = append(out, k.name)
		}
	}
	for _, r := range requested {
		if !slices.Contains(out, r) {
			return nil, fmt.Errorf("unknown scope %q", r)
		}
	}
	return out, nil
}

// scopeDescriptions returns the consent page's sentences for scopes.
func scopeDescriptions(scopes []string) []string {
	var out []string
	for _, k := range knownScopes {
		if slices.Contains(scopes, k.name) {
			out = append(out, k.description)
		}
	}
	return out
}
