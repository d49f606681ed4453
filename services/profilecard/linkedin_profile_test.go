package profilecard

import (
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedin"
)

// TestCardsCarryOnlyWebAddresses: a photo or profile link the network sends
// that is no http(s) URL never reaches a card (a browser would run a
// javascript: link), nor its provenance.
func TestCardsCarryOnlyWebAddresses(t *testing.T) {
	for raw, want := range map[string]string{
		"https://media.example/p.jpg": "https://media.example/p.jpg",
		"http://127.0.0.1:8090/p.jpg": "http://127.0.0.1:8090/p.jpg",
		"javascript:alert(1)":         "",
		"JAVASCRIPT:alert(1)":         "",
		"data:image/png;base64,AAAA":  "",
		"//media.example/p.jpg":       "",
		"/relative.jpg":               "",
		"":                            "",
	} {
		p := shownProfile(&linkedin.Person{ID: "m-1", PhotoURL: raw, PublicProfileURL: raw}, "m-2", time.Now())
		if p.section.PhotoUrl != want || p.section.PublicProfileUrl != want {
			t.Errorf("%q became photo %q and link %q, want %q", raw, p.section.PhotoUrl, p.section.PublicProfileUrl, want)
		}
		for _, e := range p.prov {
			if want == "" && (e.Field == "linkedin.photo_url" || e.Field == "linkedin.public_profile_url") {
				t.Errorf("%q: provenance names %s, which the card does not show", raw, e.Field)
			}
		}
	}
}
