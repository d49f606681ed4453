package decision

import (
	"slices"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// sampleSize bounds the user ids a preview lists.
const sampleSize = 20

// Preview compares who may connect a LinkedIn account under two models of
// the same tenant.
func Preview(now, after *Model) *policyv1.PreviewLinkedInSettingsChangeResponse {
	users := now.Users()
	slices.Sort(users)
	resp := &policyv1.PreviewLinkedInSettingsChangeResponse{TotalUsers: int64(len(users))}
	for _, u := range users {
		before := now.Decide(u, policyv1.Capability_ACCOUNT_CONNECTION, policyv1.Surface_WEB).Allowed
		later := after.Decide(u, policyv1.Capability_ACCOUNT_CONNECTION, policyv1.Surface_WEB).Allowed
		if before {
			resp.AllowedNow++
		}
		if later {
			resp.AllowedAfter++
		}
		switch {
		case later && !before:
			resp.UsersGaining++
			if len(resp.SampleGaining) < sampleSize {
				resp.SampleGaining = append(resp.SampleGaining, u)
			}
		case before && !later:
			resp.UsersLosing++
			if len(resp.SampleLosing) < sampleSize {
				resp.SampleLosing = append(resp.SampleLosing, u)
			}
		}
	}
	return resp
}

// Losing lists, in order, the users who may use capability under now but
// not under after.
func Losing(now, after *Model, capability policyv1.Capability) []string {
	users := now.Users()
	slices.Sort(users)
	var losing []string
	for _, u := range users {
		if now.Decide(u, capability, policyv1.Surface_WEB).Allowed && !after.Decide(u, capability, policyv1.Surface_WEB).Allowed {
			losing = append(losing, u)
		}
	}
	return losing
}
