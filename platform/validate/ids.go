package validate

import (
	"regexp"
	"strings"
)

// Identifier rules shared by every service, with the words errors use.
var (
	tenantID     = regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}$`)
	tenantIDRule = "2 to 63 lowercase letters, digits or hyphens, starting with a letter"
	objectID     = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	objectIDRule = ObjectIDRule
)

// TenantID checks a required tenant id.
func (r *Report) TenantID(field, value string) { r.ID(field, value, tenantID, tenantIDRule) }

// ObjectID checks a required user or group id.
func (r *Report) ObjectID(field, value string) { r.ID(field, value, objectID, objectIDRule) }

// OptionalObjectID checks a user or group id when one is given.
func (r *Report) OptionalObjectID(field, value string) {
	r.Pattern(field, value, objectID, objectIDRule)
}

// OptionalTenantID checks a tenant id when one is given.
func (r *Report) OptionalTenantID(field, value string) {
	r.Pattern(field, value, tenantID, tenantIDRule)
}

// IsObjectID reports whether value is a valid user or group id.
func IsObjectID(value string) bool { return objectID.MatchString(value) }

// ObjectIDRule says in words what an object id is.
const ObjectIDRule = "1 to 64 lowercase letters, digits, dots, hyphens or underscores"

// EmailOrObjectID checks a required reference to a person: an email
// address (it has an "@") or an object id.
func (r *Report) EmailOrObjectID(field, value string) {
	if !r.Required(field, value) || !r.MaxLen(field, value, MaxEmailLength) {
		return
	}
	if strings.Contains(value, "@") {
		r.Email(field, value)
		return
	}
	r.Pattern(field, value, objectID, "an email address or "+objectIDRule)
}
