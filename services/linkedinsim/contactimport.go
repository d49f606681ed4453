package linkedinsim

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Contact import is the organization -> LinkedIn direction (seed 004): with
// both-ways consent, the organization periodically uploads the member's
// contacts, and LinkedIn keeps them until the member removes them. Liaison's
// one-step disconnect deletes them all (PRODUCT.md B4).

// ImportedContact is one contact uploaded for a member.
type ImportedContact struct {
	FirstName string   `json:"firstName"`
	LastName  string   `json:"lastName"`
	Emails    []string `json:"emails"`
	Phones    []string `json:"phones"`
}

// Import modes: append merges into what is stored (a contact with an email
// already stored replaces that contact), replace starts over.
const (
	importAppend  = "append"
	importReplace = "replace"
)

// Bounds that keep one member's imports to an address book's size.
const (
	maxContactsPerUpload = 10_000
	maxContactsStored    = 50_000
)

type importRequest struct {
	Mode     string            `json:"mode"`
	Contacts []ImportedContact `json:"contacts"`
}

func (c *ImportedContact) normalize() {
	var emails []string
	for _, e := range c.Emails {
		if e = normalizeEmail(e); e != "" && !slices.Contains(emails, e) {
			emails = append(emails, e)
		}
	}
	c.Emails = orEmpty(emails)
	c.Phones = orEmpty(slices.DeleteFunc(slices.Clone(c.Phones), func(p string) bool { return strings.TrimSpace(p) == "" }))
}

func (c *ImportedContact) validate() error {
	if strings.TrimSpace(c.FirstName+c.LastName) == "" && len(c.Emails) == 0 && len(c.Phones) == 0 {
		return fmt.Errorf("a contact needs a name, an email or a phone")
	}
	for _, e := range c.Emails {
		if !looksLikeEmail(e) {
			return fmt.Errorf("%q is not an email address", e)
		}
	}
	return nil
}

// importContacts stores contacts for memberID and returns how many it holds.
func (n *network) importContacts(memberID string, replace bool, contacts []ImportedContact) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	// Work on a copy: an upload that ends over the limit changes nothing.
	stored := slices.Clone(n.imports[memberID])
	if replace {
		stored = nil
	}
	// byEmail points each stored email at its contact's index, so a
	// re-uploaded contact (matched by any of its emails) is updated in place.
	byEmail := map[string]int{}
	for i, c := range stored {
		for _, e := range c.Emails {
			byEmail[e] = i
		}
	}
	for _, c := range contacts {
		i, seen := -1, false
		for _, e := range c.Emails {
			if i, seen = byEmail[e]; seen {
				break
			}
		}
		if seen {
			stored[i] = c
		} else {
			i = len(stored)
			stored = append(stored, c)
		}
		for _, e := range c.Emails {
			byEmail[e] = i
		}
	}
	if len(stored) > maxContactsStored {
		return 0, failf(http.StatusRequestEntityTooLarge, errInvalidRequest,
			"a member holds at most %d imported contacts; this upload would make %d", maxContactsStored, len(stored))
	}
	n.imports[memberID] = stored
	return len(stored), nil
}

// importedContacts returns a copy of memberID's imported contacts.
func (n *network) importedContacts(memberID string) []ImportedContact {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]ImportedContact, len(n.imports[memberID]))
	for i, c := range n.imports[memberID] {
		out[i] = ImportedContact{FirstName: c.FirstName, LastName: c.LastName,
			Emails: slices.Clone(c.Emails), Phones: slices.Clone(c.Phones)}
	}
	return out
}

// deleteImports deletes memberID's imported contacts and says how many.
func (n *network) deleteImports(memberID string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	count := len(n.imports[memberID])
	delete(n.imports, memberID)
	return count
}

// uploadContacts serves POST /v2/contactImports.
func (s *Sim) uploadContacts(w http.ResponseWriter, r *http.Request, caller principal) {
	var req importRequest
	if !decodeJSON(w, r, maxImportBodyBytes, &req) {
		return
	}
	mode := strings.ToLower(cmp.Or(req.Mode, importAppend))
	if mode != importAppend && mode != importReplace {
		writeError(w, http.StatusBadRequest, errInvalidRequest, "mode must be %q or %q, got %q", importAppend, importReplace, req.Mode)
		return
	}
	if len(req.Contacts) > maxContactsPerUpload {
		writeError(w, http.StatusRequestEntityTooLarge, errInvalidRequest, "at most %d contacts per upload, got %d", maxContactsPerUpload, len(req.Contacts))
		return
	}
	for i := range req.Contacts {
		req.Contacts[i].normalize()
		if err := req.Contacts[i].validate(); err != nil {
			writeError(w, http.StatusBadRequest, errInvalidRequest, "contacts[%d]: %v", i, err)
			return
		}
	}
	total, err := s.net.importContacts(caller.memberID, mode == importReplace, req.Contacts)
	if err != nil {
		writeFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"mode": mode, "received": len(req.Contacts), "total": total})
}

// contactList is the body of the contact-import listings.
type contactList struct {
	MemberID string            `json:"memberId"`
	Contacts []ImportedContact `json:"contacts"`
	Total    int               `json:"total"`
}

// listContacts serves GET /v2/contactImports.
func (s *Sim) listContacts(w http.ResponseWriter, r *http.Request, caller principal) {
	contacts := s.net.importedContacts(caller.memberID)
	writeJSON(w, http.StatusOK, contactList{MemberID: caller.memberID, Contacts: contacts, Total: len(contacts)})
}

// deleteContacts serves DELETE /v2/contactImports.
func (s *Sim) deleteContacts(w http.ResponseWriter, r *http.Request, caller principal) {
	writeJSON(w, http.StatusOK, map[string]int{"deleted": s.net.deleteImports(caller.memberID)})
}
