package policy_test

import (
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func TestLookupUserByIdOrEmail(t *testing.T) {
	h := newHarness(t)
	// carol reports to bob, and alice to carol.
	for user, manager := range map[string]string{"carol": "bob", "alice": "carol"} {
		if _, err := h.client.UpdateUser(h.admin(), &policyv1.UpdateUserRequest{
			Tenant: "contoso", User: &policyv1.User{Id: user, Manager: manager},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"manager"}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, req := range []*policyv1.LookupUserRequest{
		{Tenant: "contoso", User: "carol"},
		{Tenant: "contoso", Email: "Carol@CONTOSO.com"},
	} {
		resp, err := h.client.LookupUser(h.admin(), req)
		if err != nil {
			t.Fatalf("LookupUser(%v): %v", req, err)
		}
		if resp.User.Id != "carol" || resp.ManagerDisplayName != "Bob Kelly" || resp.DirectReportsCount != 1 {
			t.Errorf("LookupUser(%v) = %v", req, resp)
		}
	}

	cases := []struct {
		name string
		req  *policyv1.LookupUserRequest
		want codes.Code
	}{
		{"an unknown email", &policyv1.LookupUserRequest{Tenant: "contoso", Email: "nobody@contoso.com"}, codes.NotFound},
		{"neither", &policyv1.LookupUserRequest{Tenant: "contoso"}, codes.InvalidArgument},
		{"both", &policyv1.LookupUserRequest{Tenant: "contoso", User: "bob", Email: "bob@contoso.com"}, codes.InvalidArgument},
		{"a bad email", &policyv1.LookupUserRequest{Tenant: "contoso", Email: "bob"}, codes.InvalidArgument},
		{"another tenant's user", &policyv1.LookupUserRequest{Tenant: "gov", User: "bob"}, codes.NotFound},
	}
	for _, c := range cases {
		if _, err := h.client.LookupUser(h.admin(), c.req); status.Code(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	// Directory reads are for the tenant's readers (services among them),
	// not for every user.
	if _, err := h.client.LookupUser(h.as("contoso", "alice"), &policyv1.LookupUserRequest{Tenant: "contoso", User: "bob"}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("a user's lookup: %v, want PermissionDenied", err)
	}
}

func TestGetHeadRevisionFollowsWrites(t *testing.T) {
	h := newHarness(t)
	before, err := h.client.GetHeadRevision(h.operator(), &policyv1.GetHeadRevisionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.UpdateUser(h.admin(), &policyv1.UpdateUserRequest{
		Tenant: "contoso", User: &policyv1.User{Id: "bob", JobTitle: "Head of sales"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"job_title"}},
	}); err != nil {
		t.Fatal(err)
	}
	after, err := h.client.GetHeadRevision(h.operator(), &policyv1.GetHeadRevisionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if after.Revision <= before.Revision {
		t.Errorf("the head stayed at %d after a write (was %d)", after.Revision, before.Revision)
	}
	// The head is for services and operators, not a tenant's people.
	if _, err := h.client.GetHeadRevision(h.admin(), &policyv1.GetHeadRevisionRequest{}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("a tenant admin's GetHeadRevision: %v, want PermissionDenied", err)
	}
}
