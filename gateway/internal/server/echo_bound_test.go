package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/platform/apierror"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// echoingPolicy answers GetTenant as the policy service does for a tenant it
// does not know: NotFound, quoting the id in the message and the metadata.
type echoingPolicy struct {
	policyv1.UnimplementedPolicyServiceServer
}

func (echoingPolicy) GetTenant(_ context.Context, req *policyv1.GetTenantRequest) (*policyv1.GetTenantResponse, error) {
	return nil, apierror.NotFound("tenant", req.GetTenant())
}

// An error quoting a huge input used to be as large as the input: a 4 MB
// unknown field name answered 4 MB. Every kind of input is quoted shortened,
// and the answer still names the field.
func TestHugeInputIsNotEchoedBack(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr, b.addr, nil)
	echoing := apitest.ServeGRPC(t, func(s *grpc.Server) { policyv1.RegisterPolicyServiceServer(s, echoingPolicy{}) })
	echoingGW := startGateway(t, echoing, echoing, nil)
	const maxAnswer = 4 << 10
	huge := strings.Repeat("A\"\\\x01é", 60_000)       // quotes, escapes and control characters grow when written as JSON
	jsonHuge := strings.Repeat(`A\"\\\u0001é`, 50_000) // the same, as JSON escapes
	name := "n" + strings.Repeat("a", 300_000)

	for _, c := range []struct {
		what, method, target, body string
		status                     int
		field                      string // the field named, or a prefix of it
	}{
		{"an unknown body field", "POST", gw.URL + "/v1/tenants", `{"` + name + `": 1}`, 400, name[:20]},
		{"an enum value in the body", "POST", gw.URL + "/v1/tenants", `{"cloud": "` + jsonHuge + `"}`, 400, "cloud"},
		{"an unknown query parameter", "GET", gw.URL + "/v1/tenants/contoso?" + url.QueryEscape(huge) + "=1", "", 400, "A"},
		{"an integer query value", "GET", gw.URL + "/v1/tenants/contoso/users?pageSize=" + url.QueryEscape(huge), "", 400, "pageSize"},
		{"an enum query value", "GET", gw.URL + "/v1/me/access?capability=" + url.QueryEscape(huge), "", 400, "capability"},
		{"a path segment a service quotes", "GET", echoingGW.URL + "/v1/tenants/" + url.PathEscape(huge), "", 404, ""},
	} {
		resp, body := apitest.Do(t, c.method, c.target, c.body, http.Header{"Authorization": {"Bearer admin"}})
		_, _, field := apitest.ParseError(t, body)
		if resp.StatusCode != c.status || len(body) >= maxAnswer || !strings.HasPrefix(field, c.field) {
			t.Errorf("%s: status %d, %d bytes, field %.80q; want %d, under %d bytes, naming %s", c.what, resp.StatusCode, len(body), field, c.status, maxAnswer, c.field)
		}
	}
}
