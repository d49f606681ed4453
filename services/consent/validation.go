package consent

import (
	"github.com/liaisonhq/liaison/platform/paging"
	"github.com/liaisonhq/liaison/platform/validate"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// Limits of the OAuth flow's fields. A redirect URI is a URL browsers
// accept; LinkedIn's codes and states are far shorter than their limits,
// which leave room for other providers.
const (
	maxRedirectURI       = 2048
	maxCode              = 4096
	maxState             = 256
	maxOAuthError        = 256
	maxOAuthErrorMessage = 1024
)

// Rules are the request checks the server runs before any handler.
func Rules() validate.Rules {
	r := validate.Rules{}
	validate.Add(r, func(*consentv1.GetMyConnectionRequest, *validate.Report) {})
	validate.Add(r, func(req *consentv1.StartConnectionRequest, v *validate.Report) {
		validate.Enum(v, "direction", req.Direction, true)
		v.URL("redirect_uri", req.RedirectUri, maxRedirectURI)
	})
	validate.Add(r, func(req *consentv1.CompleteConnectionRequest, v *validate.Report) {
		// The code and the state are OAuth's printable ASCII (RFC 6749,
		// appendix A); the error and its description are shown to people.
		if v.Required("state", req.State) {
			v.ASCII("state", req.State, maxState)
		}
		v.ASCII("code", req.Code, maxCode)
		v.Text("error", req.Error, maxOAuthError)
		v.Text("error_description", req.ErrorDescription, maxOAuthErrorMessage)
	})
	validate.Add(r, func(req *consentv1.UpdateMyConnectionRequest, v *validate.Report) {
		validate.Enum(v, "direction", req.Direction, true)
	})
	validate.Add(r, func(*consentv1.DisconnectRequest, *validate.Report) {})
	validate.Add(r, func(req *consentv1.GetConsentRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.ObjectID("user", req.User)
		v.Revision("min_revision", req.MinRevision)
	})
	validate.Add(r, func(req *consentv1.ExportUserDataRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.ObjectID("user", req.User)
	})
	validate.Add(r, func(req *consentv1.EraseUserDataRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.ObjectID("user", req.User)
		v.ObjectID("pseudonym", req.Pseudonym)
		v.Check(req.Pseudonym != req.User, "pseudonym", "must differ from the user")
		v.Check(req.MinPolicyRevision >= 0, "min_policy_revision", "must not be negative")
	})
	validate.Add(r, func(req *consentv1.GetProviderTokenRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.ObjectID("user", req.User)
	})
	validate.Add(r, func(req *consentv1.ListConnectionsRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, paging.MaxSize)
	})
	validate.Add(r, func(req *consentv1.ListConsentEventsRequest, v *validate.Report) {
		v.TenantPage(req.Tenant, req.PageSize, req.PageToken, paging.MaxSize)
	})
	validate.Add(r, func(*consentv1.GetHeadRevisionRequest, *validate.Report) {})
	validate.Add(r, func(req *consentv1.WatchRequest, v *validate.Report) {
		v.Revision("from_revision", req.FromRevision)
		v.OptionalTenantID("tenant", req.Tenant)
	})
	return r
}
