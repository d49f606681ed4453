package linkedinsim_test

import (
	"net/http"
	"slices"
	"testing"
)

func TestAdminMembers(t *testing.T) {
	h := newHarness(t, nil)
	r := h.do("POST", "/sim/members", "", map[string]any{
		"verifiedEmails": []string{"Henry.Ford@Litware.example"}, "firstName": "Henry", "lastName": "Ford",
		"headline": "Engineer at Litware", "position": map[string]string{"title": "Engineer", "company": "Litware"},
	})
	expect(t, r, http.StatusCreated, "create")
	henry := r.json(t)
	if henry["id"] != "m-henry-ford" || henry["visibleInMicrosoftApps"] != true {
		t.Errorf("created %v; want the id from the email and visibility on by default", henry)
	}
	expect(t, h.do("POST", "/sim/members", "", map[string]any{"verifiedEmails": []string{"henry.ford@litware.example"}, "firstName": "H"}),
		http.StatusConflict, "an email another member verified")
	expect(t, h.do("POST", "/sim/members", "", map[string]any{"firstName": "No email"}), http.StatusBadRequest, "no verified email")

	r = h.do("PATCH", "/sim/members/m-henry-ford", "", map[string]any{"visibleInMicrosoftApps": false, "location": "Detroit"})
	expect(t, r, http.StatusOK, "patch")
	if got := r.json(t); got["visibleInMicrosoftApps"] != false || got["location"] != "Detroit" || got["headline"] != "Engineer at Litware" {
		t.Errorf("patched %v; want the given fields changed and the rest kept", got)
	}
	expect(t, h.do("PATCH", "/sim/members/m-nobody", "", map[string]any{"location": "x"}), http.StatusNotFound, "patch unknown")
	expect(t, h.do("PATCH", "/sim/members/m-henry-ford", "", map[string]any{"id": "m-other"}), http.StatusBadRequest, "change the id")

	var found struct{ Members []struct{ ID string } }
	h.do("GET", "/sim/members?email=henry.ford@litware.example", "", nil).decode(t, &found)
	if len(found.Members) != 1 || found.Members[0].ID != "m-henry-ford" {
		t.Errorf("lookup by email: %+v", found)
	}
	h.do("GET", "/sim/members?email=nobody@x.example", "", nil).decode(t, &found)
	if len(found.Members) != 0 {
		t.Errorf("lookup of an unknown email: %+v", found)
	}
}

func TestAdminConnections(t *testing.T) {
	h := newHarness(t, nil)
	var alice struct{ Connections []string }
	h.do("GET", "/sim/members/m-alice", "", nil).decode(t, &alice)
	if !slices.Equal(alice.Connections, []string{"m-bob", "m-dana", "m-erin", "m-frank"}) {
		t.Errorf("seeded connections of alice: %v", alice.Connections)
	}
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-alice", "b": "m-bob"}), http.StatusOK, "already connected")
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-alice", "b": "m-alice"}), http.StatusBadRequest, "self")
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-alice", "b": "m-nobody"}), http.StatusNotFound, "unknown member")
	expect(t, h.do("DELETE", "/sim/connections/m-alice/m-carol", "", nil), http.StatusNotFound, "not connected")

	// Connections are symmetric.
	expect(t, h.do("POST", "/sim/connections", "", map[string]string{"a": "m-grace", "b": "m-alice"}), http.StatusCreated, "connect")
	h.do("GET", "/sim/members/m-alice", "", nil).decode(t, &alice)
	if !slices.Contains(alice.Connections, "m-grace") {
		t.Errorf("alice does not see grace: %v", alice.Connections)
	}
	expect(t, h.do("GET", "/sim/tokens/m-nobody", "", nil), http.StatusNotFound, "tokens of an unknown member")
	expect(t, h.do("GET", "/sim/nothing", "", nil), http.StatusNotFound, "unknown admin path")
}

func TestAdminImportsContactsForAMember(t *testing.T) {
	h := newHarness(t, nil)
	contacts := map[string]any{"contacts": []map[string]any{
		{"firstName": "Bob", "lastName": "Kelly", "emails": []string{"bob@contoso.com"}},
		{"firstName": "Carol", "lastName": "Diaz", "emails": []string{"carol@contoso.com"}},
	}}
	expect(t, h.do("POST", "/sim/members/m-alice/contactImports", "", contacts), http.StatusOK, "import")
	var list struct{ Total int }
	h.do("GET", "/sim/members/m-alice/contactImports", "", nil).decode(t, &list)
	if list.Total != 2 {
		t.Fatalf("imported %d contacts, want 2", list.Total)
	}
	expect(t, h.do("POST", "/sim/members/m-nobody/contactImports", "", contacts), http.StatusNotFound, "unknown member")
}
