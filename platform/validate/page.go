package validate

import "github.com/liaisonhq/liaison/platform/paging"

// TenantPage checks the fields of a List call over one tenant: the tenant
// id, a page size of 0 (the default) or 1 to max, and a page token no
// longer than a token can be.
func (r *Report) TenantPage(tenant string, size int32, token string, max int32) {
	r.TenantID("tenant", tenant)
	r.PageSize("page_size", size, max)
	r.MaxLen("page_token", token, paging.MaxTokenLength)
}
