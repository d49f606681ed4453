package auth

import (
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/validate"
)

// maxIdentity bounds a token's subject and tenant: the subject is the
// actor of every audit and ledger entry, which must stay bounded, and both
// are stored, so they hold text only (PostgreSQL cannot store NUL).
const maxIdentity = 128

// SystemActor is the actor of work no caller asked for.
const SystemActor = "system"

// servicePrefix starts the subject of every service: "service:consent".
const servicePrefix = "service:"

// checkIdentity refuses a user token whose subject or tenant is no plain
// id, or whose subject is one only Liaison itself may be.
func checkIdentity(subject, tenant string) error {
	if subject == "" || len(subject) > maxIdentity || !validate.IsText(subject) {
		return apierror.Unauthenticated("token subject must be 1 to 128 characters of text")
	}
	if reservedSubject(subject) {
		return apierror.Unauthenticated(`a user token's subject cannot be "system" or start with "service:"`)
	}
	if len(tenant) > maxIdentity || !validate.IsText(tenant) {
		return apierror.Unauthenticated(`token "tid" claim must be at most 128 characters of text`)
	}
	return nil
}

// reservedSubject reports a subject that reads as a service or the system:
// the audit log names the actor by subject, so a user called
// "service:consent" would pass for the consent service. Case and spaces
// around it do not make it another name to a reader.
func reservedSubject(subject string) bool {
	s := strings.ToLower(strings.TrimSpace(subject))
	return s == SystemActor || s == "service" || strings.HasPrefix(s, servicePrefix)
}
