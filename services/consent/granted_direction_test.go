package consent

import (
	"testing"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestGrantedDirectionFollowsTheScopesGranted(t *testing.T) {
	both, oneWay := typev1.ConsentDirection_BIDIRECTIONAL, typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
	cases := []struct {
		asked  typev1.ConsentDirection
		scopes []string
		want   typev1.ConsentDirection
	}{
		{both, linkedin.ScopesFor(both), both},
		{both, nil, both}, // the network did not say: what was asked
		{both, linkedin.ScopesFor(oneWay), oneWay},
		{oneWay, linkedin.ScopesFor(both), oneWay},
	}
	for _, c := range cases {
		got, err := grantedDirection(c.asked, c.scopes)
		if err != nil || got != c.want {
			t.Errorf("asked %v, granted %v: got %v, %v; want %v", c.asked, c.scopes, got, err, c.want)
		}
	}
	if _, err := grantedDirection(oneWay, []string{linkedin.ScopeOpenID}); status.Code(err) != codes.FailedPrecondition {
		t.Errorf("too few scopes: %v", err)
	}
}
