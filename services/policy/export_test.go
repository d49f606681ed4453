package policy

// Limits the tests of package policy_test check against.
const (
	MaxGroupMembers = maxGroupMembers
	MaxUserPage     = maxUserPage
	MaxGroupPage    = maxGroupPage
	MaxAuditPage    = maxAuditPage
)
