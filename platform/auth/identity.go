package auth

import (
	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/validate"
)

// maxIdentity bounds a token's subject and tenant: the subject is the
// actor of every audit and ledger entry, which must stay bounded, and both
// are stored, so they hold text only (PostgreSQL cannot store NUL).
const maxIdentity = 128

// checkIdentity refuses a token whose subject or tenant is no plain id.
func checkIdentity(subject, tenant string) error {
	if subject == "" || len(subject) > maxIdentity || !validate.IsText(subject) {
		return apierror.Unauthenticated("token subject must be 1 to 128 characters of text")
	}
	if len(tenant) > maxIdentity || !validate.IsText(tenant) {
		return apierror.Unauthenticated(`token "tid" claim must be at most 128 characters of text`)
	}
	return nil
}
