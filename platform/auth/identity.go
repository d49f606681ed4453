package auth

import (
	"fmt"
	"unicode/utf8"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/validate"
)

// maxIdentity bounds a token's subject and tenant, in characters: the
// subject is the actor of every audit and ledger entry, which must stay
// bounded, and both are stored, so they hold text only (PostgreSQL cannot
// store NUL).
const maxIdentity = 128

// SystemActor is the actor of work no caller asked for.
const SystemActor = "system"

// servicePrefix starts the subject of every service: "service:consent".
const servicePrefix = "service:"

// checkIdentity refuses a user token whose subject or tenant is no plain
// id, or whose subject is one only Liaison itself may be.
func checkIdentity(subject, tenant string) error {
	if rule := UserSubjectFault(subject); rule != "" {
		return apierror.Unauthenticated("token subject " + rule)
	}
	if rule := TenantFault(tenant); rule != "" {
		return apierror.Unauthenticated(`token "tid" claim ` + rule)
	}
	return nil
}

// UserSubjectFault returns the rule subject breaks as the subject of a user
// token, or "" when it keeps them all. Services refuse such a token and the
// gateway's development token endpoint refuses to mint one: one rule for
// both, so a minted token is always one the services accept.
func UserSubjectFault(subject string) string {
	if subject == "" || utf8.RuneCountInString(subject) > maxIdentity {
		return fmt.Sprintf("must be 1 to %d characters", maxIdentity)
	}
	if rule := identityTextFault(subject); rule != "" {
		return rule
	}
	if reservedSubject(subject) {
		return `must not be "system" or start with "service:", nor read as either ` +
			"once look-alike, full-width and differently cased letters are taken as the letters they resemble"
	}
	return usernameFault(subject)
}

// TenantFault returns the rule tenant breaks as the tenant ("tid") of a
// token, or "". An empty tenant keeps it: only operators have none, which
// the caller checks.
func TenantFault(tenant string) string {
	if utf8.RuneCountInString(tenant) > maxIdentity {
		return fmt.Sprintf("must be at most %d characters", maxIdentity)
	}
	return identityTextFault(tenant)
}

// identityTextFault returns the rule value breaks as the text of an
// identity, which people read in audit logs and compare by eye: printable
// text on one line with nothing invisible in it.
func identityTextFault(value string) string {
	if rule := validate.TextFault(value); rule != "" {
		return rule
	}
	return invisibleFault(value)
}
