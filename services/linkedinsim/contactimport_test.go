package linkedinsim_test

import (
	"net/http"
	"testing"
)

func TestContactImportUploadListDelete(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", allScopes)
	upload := func(mode string, contacts ...map[string]any) response {
		return h.do("POST", "/v2/contactImports", tok.AccessToken, map[string]any{"mode": mode, "contacts": contacts})
	}

	r := upload("append",
		map[string]any{"firstName": "Megan", "lastName": "Bowen", "emails": []string{"megan@contoso.com"}, "phones": []string{"+1 425 555 0150"}},
		map[string]any{"firstName": "Lee", "lastName": "Gu", "emails": []string{"lee@contoso.com"}},
	)
	expect(t, r, http.StatusOK, "first upload")
	if r.json(t)["total"] != 2.0 {
		t.Errorf("after the first upload: %s", r.body)
	}
	// Appending a contact with a known email (in any case) updates it.
	r = upload("", map[string]any{"firstName": "Megan", "lastName": "Bowen-Smith", "emails": []string{"MEGAN@contoso.com"}},
		map[string]any{"firstName": "Nestor", "emails": []string{"nestor@contoso.com"}})
	expect(t, r, http.StatusOK, "second upload")
	if r.json(t)["total"] != 3.0 {
		t.Errorf("append with a repeated email: %s", r.body)
	}

	var list struct {
		Contacts []struct {
			LastName string   `json:"lastName"`
			Emails   []string `json:"emails"`
		} `json:"contacts"`
		Total int `json:"total"`
	}
	r = h.do("GET", "/v2/contactImports", tok.AccessToken, nil)
	expect(t, r, http.StatusOK, "list")
	r.decode(t, &list)
	if list.Total != 3 || list.Contacts[0].LastName != "Bowen-Smith" {
		t.Errorf("listing %+v", list)
	}

	// The admin API shows the same (tests check disconnect emptied it).
	admin := h.do("GET", "/sim/members/m-alice/contactImports", "", nil)
	expect(t, admin, http.StatusOK, "admin listing")
	if admin.json(t)["total"] != 3.0 {
		t.Errorf("admin listing: %s", admin.body)
	}

	r = upload("replace", map[string]any{"firstName": "Only", "emails": []string{"only@contoso.com"}})
	expect(t, r, http.StatusOK, "replace")
	if r.json(t)["total"] != 1.0 {
		t.Errorf("after replace: %s", r.body)
	}

	r = h.do("DELETE", "/v2/contactImports", tok.AccessToken, nil)
	expect(t, r, http.StatusOK, "delete")
	if r.json(t)["deleted"] != 1.0 {
		t.Errorf("delete: %s", r.body)
	}
	if h.do("GET", "/sim/members/m-alice/contactImports", "", nil).json(t)["total"] != 0.0 {
		t.Error("contacts left after delete")
	}
}

func TestContactImportNeedsTheWriteScope(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", readScopes) // LinkedIn -> organization only
	body := map[string]any{"contacts": []map[string]any{{"firstName": "Megan", "emails": []string{"megan@contoso.com"}}}}
	for _, call := range []struct{ method string }{{"POST"}, {"DELETE"}, {"GET"}} {
		var b any
		if call.method == "POST" {
			b = body
		}
		r := h.do(call.method, "/v2/contactImports", tok.AccessToken, b)
		expect(t, r, http.StatusForbidden, call.method+" without w_contacts_import")
		if r.errorCode(t) != "insufficient_scope" {
			t.Errorf("%s: error %q, want insufficient_scope", call.method, r.errorCode(t))
		}
	}
}

func TestContactImportValidation(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.login("alice@contoso.com", allScopes)
	for name, body := range map[string]any{
		"empty contact": map[string]any{"contacts": []map[string]any{{}}},
		"bad email":     map[string]any{"contacts": []map[string]any{{"emails": []string{"not-an-email"}}}},
		"bad mode":      map[string]any{"mode": "merge", "contacts": []map[string]any{}},
		"unknown field": map[string]any{"contact": []map[string]any{}},
	} {
		expect(t, h.do("POST", "/v2/contactImports", tok.AccessToken, body), http.StatusBadRequest, name)
	}
}
