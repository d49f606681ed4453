package profilecard_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"github.com/liaisonhq/liaison/services/profilecard"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// TestBadInputNamesTheFieldAndTheRule sends requests that break each rule:
// each is INVALID_ARGUMENT naming the field.
func TestBadInputNamesTheFieldAndTheRule(t *testing.T) {
	h := newHarness(t)
	alice := h.user("alice")
	many := make([]string, profilecard.MaxBatch+1)
	for i := range many {
		many[i] = fmt.Sprintf("p%d@contoso.com", i)
	}
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"no target", get(h, alice, "", 0), "target"},
		{"a target that is neither an email nor an id", get(h, alice, "Bob Kelly", 0), "target"},
		{"an email with a display name", get(h, alice, "Bob <bob@contoso.com>", 0), "target"},
		{"an email too long", get(h, alice, strings.Repeat("b", 250)+"@contoso.com", 0), "target"},
		{"an id too long", get(h, alice, strings.Repeat("b", 65), 0), "target"},
		{"a control character", get(h, alice, "bob\x00@contoso.com", 0), "target"},
		{"an unknown surface", get(h, alice, "bob@contoso.com", 42), "surface"},
		{"an empty batch", batch(h, alice, nil), "targets"},
		{"a batch over the limit", batch(h, alice, many), "targets"},
		{"a bad target in a batch", batch(h, alice, []string{"bob@contoso.com", "not an email"}), "targets[1]"},
	}
	for _, c := range cases {
		err := c.call()
		if status.Code(err) != codes.InvalidArgument {
			t.Errorf("%s: %v, want InvalidArgument", c.name, err)
			continue
		}
		if fields := violatedFields(err); !contains(fields, c.field) {
			t.Errorf("%s: violations name %v, want %s", c.name, fields, c.field)
		}
	}
}

// TestOnlyUsersOfATenantLookPeopleUp: a card is its viewer's view, so
// services, operators and callers without a token are refused.
func TestOnlyUsersOfATenantLookPeopleUp(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name string
		ctx  context.Context
		want codes.Code
	}{
		{"no token", t.Context(), codes.Unauthenticated},
		{"an operator", h.as("", "ops", auth.RoleOperator), codes.PermissionDenied},
		{"the tenant's admin, as a user", h.as("contoso", "admin", auth.RoleTenantAdmin), codes.OK},
	}
	for _, c := range cases {
		err := get(h, c.ctx, "bob@contoso.com", 0)()
		if status.Code(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
		err = batch(h, c.ctx, []string{"bob@contoso.com"})()
		if status.Code(err) != c.want {
			t.Errorf("%s, batch: %v, want %s", c.name, err, c.want)
		}
	}
	md, err := h.issuer.ServiceCredentials("contact-sync", "profile-card", 0).GetRequestMetadata(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	service := metadataContext(t.Context(), md["authorization"])
	if err := get(h, service, "bob@contoso.com", 0)(); status.Code(err) != codes.PermissionDenied {
		t.Errorf("a service: %v, want PermissionDenied", err)
	}
}

// TestTargetsResolveInTheViewersTenantOnly: a user id names a user of the
// viewer's own tenant; another tenant's user is not found, not shown.
func TestTargetsResolveInTheViewersTenantOnly(t *testing.T) {
	h := newHarness(t)
	c := h.card("alice", "bob", profilecardv1.Surface_WEB)
	if !c.Directory.InDirectory || c.Directory.Email != "bob@contoso.com" {
		t.Fatalf("alice's card of the user id bob: %v", c.Directory)
	}
	resp, err := h.cards.GetProfileCard(h.as("gov", "g1"), &profilecardv1.GetProfileCardRequest{Target: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if d := resp.Card.Directory; d.InDirectory || d.Email != "" || d.DisplayName != "" {
		t.Errorf("a gov user's card of the id bob shows contoso's bob: %v", d)
	}
	if resp.Card.Linkedin.State != profilecardv1.LinkedInState_UNAVAILABLE_IN_CLOUD {
		t.Errorf("a gov user's LinkedIn section: %v", resp.Card.Linkedin)
	}
}

func get(h *harness, ctx context.Context, target string, surface profilecardv1.Surface) func() error {
	return func() error {
		_, err := h.cards.GetProfileCard(ctx, &profilecardv1.GetProfileCardRequest{Target: target, Surface: surface})
		return err
	}
}

func batch(h *harness, ctx context.Context, targets []string) func() error {
	return func() error {
		_, err := h.cards.BatchGetProfileCards(ctx, &profilecardv1.BatchGetProfileCardsRequest{Targets: targets})
		return err
	}
}

func violatedFields(err error) []string {
	var fields []string
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.FieldViolations {
				fields = append(fields, v.Field)
			}
		}
	}
	return fields
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

// metadataContext calls with the given authorization header.
func metadataContext(ctx context.Context, authorization string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", authorization)
}
