package policy_test

import (
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestSearchPeopleFindsColleaguesInTheCallersTenant(t *testing.T) {
	h := newHarness(t)
	alice := h.as("contoso", "alice")
	resp, err := h.client.SearchPeople(alice, &policyv1.SearchPeopleRequest{Query: "KELLY"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.People) != 1 || resp.People[0].Id != "bob" || resp.People[0].DisplayName != "Bob Kelly" ||
		resp.People[0].Email == "" {
		t.Fatalf("search for KELLY = %v, want bob with his name and email", resp.People)
	}

	all, err := h.client.SearchPeople(alice, &policyv1.SearchPeopleRequest{Query: "contoso", PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.People) != 2 {
		t.Errorf("page_size 2 returned %d people", len(all.People))
	}

	// Only a user of a tenant searches, and only their own tenant: the
	// tenant comes from the token.
	gov, err := h.client.SearchPeople(h.as("gov", "someone"), &policyv1.SearchPeopleRequest{Query: "bob"})
	if err != nil || len(gov.People) != 0 {
		t.Errorf("a gov user's search for bob = %v, %v; want nobody", gov.GetPeople(), err)
	}
	if _, err := h.client.SearchPeople(h.operator(), &policyv1.SearchPeopleRequest{Query: "bob"}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("an operator's search: %v, want PermissionDenied", err)
	}

	// A query must narrow the search: one that would match everyone ("@",
	// a space between given name and surname) is refused.
	for _, req := range []*policyv1.SearchPeopleRequest{{}, {Query: "@"}, {Query: " "}, {Query: "a."}, {Query: "@."}} {
		_, err := h.client.SearchPeople(alice, req)
		wantInvalid(t, err, "query")
	}
	if _, err := h.client.SearchPeople(alice, &policyv1.SearchPeopleRequest{Query: "bo"}); err != nil {
		t.Errorf("a search for two letters: %v", err)
	}
	_, err = h.client.SearchPeople(alice, &policyv1.SearchPeopleRequest{Query: "bob", PageSize: 26})
	wantInvalid(t, err, "page_size")
}
