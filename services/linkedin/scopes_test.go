package linkedin_test

import (
	"slices"
	"testing"

	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/linkedin"
)

var (
	oneWay  = typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
	twoWays = typev1.ConsentDirection_BIDIRECTIONAL
	none    = typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED
)

func TestScopesFor(t *testing.T) {
	if got, want := linkedin.ScopesFor(oneWay), []string{"openid", "profile", "email", "r_network"}; !slices.Equal(got, want) {
		t.Errorf("ScopesFor(LINKEDIN_TO_ORGANIZATION) = %v, want %v", got, want)
	}
	want := []string{"openid", "profile", "email", "r_network", "r_contacts_import", "w_contacts_import"}
	if got := linkedin.ScopesFor(twoWays); !slices.Equal(got, want) {
		t.Errorf("ScopesFor(BIDIRECTIONAL) = %v, want %v", got, want)
	}
	if got := linkedin.ScopesFor(none); got != nil {
		t.Errorf("ScopesFor(UNSPECIFIED) = %v, want nil", got)
	}
	// Callers may change what they get without changing it for others.
	linkedin.ScopesFor(oneWay)[0] = "changed"
	if linkedin.ScopesFor(oneWay)[0] != "openid" {
		t.Error("ScopesFor returns a shared slice")
	}
}

func TestCovers(t *testing.T) {
	all := linkedin.ScopesFor(twoWays)
	read := linkedin.ScopesFor(oneWay)
	for _, c := range []struct {
		name      string
		granted   []string
		direction typev1.ConsentDirection
		want      bool
	}{
		{"both ways covers one way (downgrade)", all, oneWay, true},
		{"both ways covers both ways", all, twoWays, true},
		{"one way covers one way", read, oneWay, true},
		{"one way does not cover both ways (upgrade)", read, twoWays, false},
		{"order does not matter", []string{"r_network", "email", "profile", "openid"}, oneWay, true},
		{"a missing scope", []string{"openid", "profile", "email"}, oneWay, false},
		{"nothing granted", nil, oneWay, false},
		{"no direction", all, none, false},
	} {
		if got := linkedin.Covers(c.granted, c.direction); got != c.want {
			t.Errorf("%s: Covers(%v, %v) = %v, want %v", c.name, c.granted, c.direction, got, c.want)
		}
	}
}
