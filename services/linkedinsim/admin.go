package linkedinsim

import (
	"net/http"
)

// The admin API under /sim/: tests and the demo use it to change the network
// behind the services' backs (a new connection, a hidden profile), to read
// what clients imported, to break things on purpose, and to check that
// tokens were revoked. It has no authentication: never expose it.

// memberView is a member as the admin API shows it: with its connections.
type memberView struct {
	*Member
	Connections []string `json:"connections"`
}

func (s *Sim) view(m *Member) memberView {
	return memberView{Member: m, Connections: s.net.connectionIDs(m.ID)}
}

// adminCreateMember serves POST /sim/members.
func (s *Sim) adminCreateMember(w http.ResponseWriter, r *http.Request) {
	var p memberPatch
	if !decodeJSON(w, r, maxBodyBytes, &p) {
		return
	}
	m, err := s.net.createMember(&p)
	if err != nil {
		writeFailure(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.view(m))
}

// adminListMembers serves GET /sim/members, or with ?email= the member (at
// most one) who verified that email.
func (s *Sim) adminListMembers(w http.ResponseWriter, r *http.Request) {
	members := []*Member{}
	if email := r.URL.Query().Get("email"); email != "" {
		if m, ok := s.net.memberByEmail(email); ok {
			members = append(members, m)
		}
	} else {
		members = s.net.allMembers(0)
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": members})
}

// adminGetMember serves GET /sim/members/{id}.
func (s *Sim) adminGetMember(w http.ResponseWriter, r *http.Request) {
	m, ok := s.net.member(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, errNotFound, "no member %s", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, s.view(m))
}

// adminUpdateMember serves PATCH /sim/members/{id}: the fields present
// change, including the member's visibleInMicrosoftApps setting.
func (s *Sim) adminUpdateMember(w http.ResponseWriter, r *http.Request) {
	var p memberPatch
	if !decodeJSON(w, r, maxBodyBytes, &p) {
		return
	}
	m, err := s.net.updateMember(r.PathValue("id"), &p)
	if err != nil {
		writeFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.view(m))
}

// adminDeleteMember serves DELETE /sim/members/{id}: the member leaves
// LinkedIn, with their connections, imported contacts and tokens.
func (s *Sim) adminDeleteMember(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.net.deleteMember(id); err != nil {
		writeFailure(w, err)
		return
	}
	s.grants.revokeMember(id)
	w.WriteHeader(http.StatusNoContent)
}

// memberPair names two members to connect.
type memberPair struct {
	A string `json:"a"`
	B string `json:"b"`
}

// adminConnect serves POST /sim/connections: 201 when a and b were not yet
// connected, 200 when they already were.
func (s *Sim) adminConnect(w http.ResponseWriter, r *http.Request) {
	var p memberPair
	if !decodeJSON(w, r, maxBodyBytes, &p) {
		return
	}
	created, err := s.net.connect(p.A, p.B)
	if err != nil {
		writeFailure(w, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"a": p.A, "b": p.B, "connected": true, "changed": created})
}

// adminDisconnect serves DELETE /sim/connections/{a}/{b}.
func (s *Sim) adminDisconnect(w http.ResponseWriter, r *http.Request) {
	a, b := r.PathValue("a"), r.PathValue("b")
	removed, err := s.net.disconnect(a, b)
	if err != nil {
		writeFailure(w, err)
		return
	}
	if !removed {
		writeError(w, http.StatusNotFound, errNotFound, "%s and %s are not connected", a, b)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// adminContactImports serves GET /sim/members/{id}/contactImports: what
// clients imported for the member, to check that disconnect deleted it.
func (s *Sim) adminContactImports(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, ok := s.net.member(id); !ok {
		writeError(w, http.StatusNotFound, errNotFound, "no member %s", id)
		return
	}
	contacts := s.net.importedContacts(id)
	writeJSON(w, http.StatusOK, contactList{MemberID: id, Contacts: contacts, Total: len(contacts)})
}

// adminImportContacts serves POST /sim/members/{id}/contactImports: the
// organization's upload, without a token, so tests and the demo can give a
// member imported contacts for a disconnect to delete.
func (s *Sim) adminImportContacts(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, ok := s.net.member(id); !ok {
		writeError(w, http.StatusNotFound, errNotFound, "no member %s", id)
		return
	}
	s.uploadContacts(w, r, principal{memberID: id})
}

// adminGetFaults serves GET /sim/faults.
func (s *Sim) adminGetFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.faults.get())
}

// adminSetFaults serves PUT /sim/faults: the body replaces the faults.
func (s *Sim) adminSetFaults(w http.ResponseWriter, r *http.Request) {
	var f Faults
	if !decodeJSON(w, r, maxBodyBytes, &f) {
		return
	}
	if err := f.validate(); err != nil {
		writeError(w, http.StatusBadRequest, errInvalidRequest, "%v", err)
		return
	}
	s.faults.set(f)
	s.logger.InfoContext(r.Context(), "faults set", "latencyMs", f.LatencyMs, "errorRate", f.ErrorRate, "paths", f.Paths)
	writeJSON(w, http.StatusOK, f)
}

// adminClearFaults serves DELETE /sim/faults.
func (s *Sim) adminClearFaults(w http.ResponseWriter, r *http.Request) {
	s.faults.set(Faults{})
	w.WriteHeader(http.StatusNoContent)
}

// adminTokens serves GET /sim/tokens/{memberId}: how many live tokens the
// member has, never the tokens themselves.
func (s *Sim) adminTokens(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("memberId")
	if _, ok := s.net.member(id); !ok {
		writeError(w, http.StatusNotFound, errNotFound, "no member %s", id)
		return
	}
	writeJSON(w, http.StatusOK, s.grants.counts(id))
}

// adminGenerate serves POST /sim/generate.
func (s *Sim) adminGenerate(w http.ResponseWriter, r *http.Request) {
	var spec GenerateSpec
	if !decodeJSON(w, r, maxBodyBytes, &spec) {
		return
	}
	result, err := s.net.generate(spec)
	if err != nil {
		writeFailure(w, err)
		return
	}
	s.logger.InfoContext(r.Context(), "network generated", "members", result.Members, "connections", result.Connections, "seed", spec.Seed)
	writeJSON(w, http.StatusCreated, result)
}

// adminReset serves POST /sim/reset: back to the start (the demo network
// when seeding is on), every token and fault gone.
func (s *Sim) adminReset(w http.ResponseWriter, r *http.Request) {
	s.reset()
	writeJSON(w, http.StatusOK, map[string]any{"members": len(s.net.allMembers(0)), "seeded": s.settings.Seed})
}
