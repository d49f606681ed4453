package linkedin_test

import (
	"net/http"
	"testing"

	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/liaisonhq/liaison/services/linkedinsim"
)

func TestPerson(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	alice := s.connect(p, "alice@contoso.com", readScopes).AccessToken

	bob, err := p.Person(t.Context(), alice, "bob@contoso.com")
	if err != nil {
		t.Fatalf("Person: %v", err)
	}
	want := linkedin.Person{
		ID: "m-bob", FirstName: "Bob", LastName: "Kelly", Headline: "Account executive at Contoso",
		PositionTitle: "Account Executive", Company: "Contoso", Location: "Seattle, Washington, United States",
		PhotoURL: "https://media.linkedin.example/photos/bob.jpg", PublicProfileURL: "https://www.linkedin.example/in/bob",
		Degree: 1,
	}
	if *bob != want {
		t.Errorf("Person = %+v\nwant     %+v", *bob, want)
	}
	for email, degree := range map[string]int{
		"alice@contoso.com": 0, "carol@contoso.com": 2, "admin@contoso.com": 3,
	} {
		if got, err := p.Person(t.Context(), alice, email); err != nil || got.Degree != degree {
			t.Errorf("Person(%s) = %+v, %v; want degree %d", email, got, err, degree)
		}
	}
}

// TestPersonFailures: the card tells "no LinkedIn account" from "hidden"
// and both from the usual failures.
func TestPersonFailures(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	alice := s.connect(p, "alice@contoso.com", readScopes).AccessToken
	if status := s.call(http.MethodPatch, "/sim/members/m-dana", "", map[string]bool{"visibleInMicrosoftApps": false}, nil); status != http.StatusOK {
		t.Fatalf("hiding dana: status %d", status)
	}
	for _, tc := range []struct {
		name, token, email string
		kind               error
	}{
		{"unknown email", alice, "nobody@nowhere.example", linkedin.ErrNoMember},
		{"hidden profile", alice, "dana@fabrikam.com", linkedin.ErrProfileHidden},
		{"refused token", "at_made-up", "bob@contoso.com", linkedin.ErrUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := p.Person(t.Context(), tc.token, tc.email)
			assertKind(t, err, tc.kind)
			assertNoSecret(t, err, tc.token)
		})
	}

	s.setFaults(linkedinsim.Faults{ErrorRate: 1, Paths: "/v2/people"})
	_, err := p.Person(t.Context(), alice, "bob@contoso.com")
	assertKind(t, err, linkedin.ErrUnavailable)
}
