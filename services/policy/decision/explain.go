package decision

import policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"

// explanations say each reason in a sentence an admin or user can act on.
var explanations = map[policyv1.AccessReason]string{
	policyv1.AccessReason_ALLOWED:                                 "Allowed by the organization's LinkedIn settings.",
	policyv1.AccessReason_UNAVAILABLE_IN_CLOUD:                    "LinkedIn account connections are not available in this organization's cloud.",
	policyv1.AccessReason_USER_NOT_FOUND:                          "The user is not in the organization's directory.",
	policyv1.AccessReason_DISABLED_BY_TENANT:                      "The organization has turned LinkedIn account connections off.",
	policyv1.AccessReason_NOT_IN_SELECTED_GROUP:                   "LinkedIn account connections are allowed only for members of the selected group, and the user is not one.",
	policyv1.AccessReason_CONTACT_SYNC_DISABLED_BY_MAILBOX_POLICY: "The user's mailbox policy turns LinkedIn contact sync off.",
	policyv1.AccessReason_DIRECTION_LIMITED_BY_TENANT:             "The organization allows data to flow only from LinkedIn to the organization.",
	policyv1.AccessReason_DISABLED_BY_CLIENT_POLICY:               "The Office apps policy hides LinkedIn features in desktop apps.",
}

// Explain returns the sentence for a reason.
func Explain(r policyv1.AccessReason) string { return explanations[r] }
