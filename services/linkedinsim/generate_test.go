package linkedinsim_test

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/liaisonhq/liaison/services/linkedinsim"
)

func TestGeneratorBuildsARegularNetworkDeterministically(t *testing.T) {
	generate := func() (linkedinsim.GenerateResult, map[string][]string, *harness) {
		h := newHarness(t, func(s *linkedinsim.Settings) { s.Seed = false })
		r := h.do("POST", "/sim/generate", "", map[string]int{"members": 51, "connectionsEach": 6, "seed": 7})
		expect(t, r, http.StatusCreated, "generate")
		var result linkedinsim.GenerateResult
		r.decode(t, &result)
		var list struct{ Members []linkedinsim.Member }
		h.do("GET", "/sim/members", "", nil).decode(t, &list)
		graph := map[string][]string{}
		for _, m := range list.Members {
			var view struct{ Connections []string }
			h.do("GET", "/sim/members/"+m.ID, "", nil).decode(t, &view)
			graph[m.ID+" "+m.FirstName+" "+m.LastName+" "+m.VerifiedEmails[0]] = view.Connections
		}
		return result, graph, h
	}
	result, graph, h := generate()
	if result.Members != 51 || result.Connections != 51*6/2 || len(graph) != 51 {
		t.Fatalf("generated %+v with %d members", result, len(graph))
	}
	for member, conns := range graph {
		if len(conns) != 6 {
			t.Errorf("%s has %d connections, want 6", member, len(conns))
		}
	}
	if _, again, _ := generate(); !reflect.DeepEqual(graph, again) {
		t.Error("the same seed generated a different network")
	}

	// A generated member can sign in and sync like anyone else.
	tok := h.login(result.FirstMemberEmail, readScopes)
	if got := h.sync(tok.AccessToken, ""); len(got.upserts) != 6 {
		t.Errorf("%s syncs %d connections, want 6", result.FirstMemberID, len(got.upserts))
	}

	expect(t, h.do("POST", "/sim/generate", "", map[string]int{"members": 51, "connectionsEach": 6, "seed": 7}), http.StatusConflict, "the same seed twice")
	expect(t, h.do("POST", "/sim/generate", "", map[string]int{"members": 5, "connectionsEach": 3, "seed": 8}), http.StatusBadRequest, "odd members with odd connections")
	expect(t, h.do("POST", "/sim/generate", "", map[string]int{"members": 5, "connectionsEach": 5, "seed": 9}), http.StatusBadRequest, "more connections than members")
}
