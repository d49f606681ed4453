package consent

import (
	"github.com/liaisonhq/liaison/platform/paging"
	"github.com/liaisonhq/liaison/platform/validate"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// Rules are the request checks the server runs before any handler.
func Rules() validate.Rules {
	r := validate.Rules{}
	validate.Add(r, func(*consentv1.GetMyConnectionRequest, *validate.Report) {})
	validate.Add(r, func(req *consentv1.StartConnectionRequest, v *validate.Report) {
		validate.Enum(v, "direction", req.Direction, true)
		if v.Required("redirect_uri", req.RedirectUri) {
			v.MaxLen("redirect_uri", req.RedirectUri, 2048)
		}
	})
	validate.Add(r, func(req *consentv1.CompleteConnectionRequest, v *validate.Report) {
		if v.Required("state", req.State) {
			v.MaxLen("state", req.State, 256)
		}
		v.MaxLen("code", req.Code, 4096)
		v.MaxLen("error", req.Error, 256)
		v.MaxLen("error_description", req.ErrorDescription, 1024)
	})
	validate.Add(r, func(req *consentv1.UpdateMyConnectionRequest, v *validate.Report) {
		validate.Enum(v, "direction", req.Direction, true)
	})
	validate.Add(r, func(*consentv1.DisconnectRequest, *validate.Report) {})
	validate.Add(r, func(req *consentv1.GetConsentRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.ObjectID("user", req.User)
	})
	validate.Add(r, func(req *consentv1.ListConnectionsRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.PageSize("page_size", req.PageSize, paging.MaxSize)
	})
	validate.Add(r, func(req *consentv1.ListConsentEventsRequest, v *validate.Report) {
		v.TenantID("tenant", req.Tenant)
		v.PageSize("page_size", req.PageSize, paging.MaxSize)
	})
	validate.Add(r, func(req *consentv1.WatchRequest, v *validate.Report) {
		v.Check(req.FromRevision >= 0, "from_revision", "must not be negative")
		v.OptionalTenantID("tenant", req.Tenant)
	})
	return r
}
