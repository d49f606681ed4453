package linkedinsim

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
)

// The generator builds large networks for benchmarks: N members with
// exactly M connections each, the same for the same seed every time.
//
// The graph is a circulant one over a seeded shuffle of the members: member
// order[i] connects to order[i±1], ..., order[i±M/2], and for odd M also to
// the member opposite (order[i+N/2]). Every member gets exactly M distinct
// connections without retries, and the shuffle keeps neighbours by id from
// being neighbours in the graph.

// GenerateSpec asks for a generated network.
type GenerateSpec struct {
	Members         int   `json:"members"`
	ConnectionsEach int   `json:"connectionsEach"`
	Seed            int64 `json:"seed"`
}

// GenerateResult describes a generated network.
type GenerateResult struct {
	Members     int `json:"members"`
	Connections int `json:"connections"`
	// IDPrefix starts every generated member id; ids continue with the
	// member's index, zero-padded: "m-gen7-00042".
	IDPrefix string `json:"idPrefix"`
	// FirstMemberID and its email let a benchmark sign in as a generated member.
	FirstMemberID    string `json:"firstMemberId"`
	FirstMemberEmail string `json:"firstMemberEmail"`
}

// Bounds on one generated network, so a typo cannot exhaust memory: each
// connection costs two change-log entries and two adjacency entries.
const (
	maxGeneratedMembers   = 200_000
	maxGeneratedEndpoints = 4_000_000 // members × connectionsEach
)

func (g GenerateSpec) validate() error {
	switch {
	case g.Members < 2 || g.Members > maxGeneratedMembers:
		return fmt.Errorf("members must be between 2 and %d, got %d", maxGeneratedMembers, g.Members)
	case g.ConnectionsEach < 0 || g.ConnectionsEach >= g.Members:
		return fmt.Errorf("connectionsEach must be between 0 and members-1 (%d), got %d", g.Members-1, g.ConnectionsEach)
	case g.Members*g.ConnectionsEach > maxGeneratedEndpoints:
		return fmt.Errorf("members × connectionsEach must be at most %d, got %d", maxGeneratedEndpoints, g.Members*g.ConnectionsEach)
	case g.Members%2 == 1 && g.ConnectionsEach%2 == 1:
		// Each connection has two ends, so the ends (N×M) must be even.
		return fmt.Errorf("with an odd number of members, connectionsEach must be even (every connection has two ends)")
	case g.Seed < 0:
		return fmt.Errorf("seed must not be negative, got %d", g.Seed)
	}
	return nil
}

// generate adds a network built from spec. It fails with 409 when the seed
// was already generated: ids and emails derive from it.
func (n *network) generate(spec GenerateSpec) (GenerateResult, error) {
	if err := spec.validate(); err != nil {
		return GenerateResult{}, failf(http.StatusBadRequest, errInvalidRequest, "%v", err)
	}
	rng := rand.New(rand.NewPCG(uint64(spec.Seed), 0x11a150))
	prefix := fmt.Sprintf("m-gen%d-", spec.Seed)
	width := len(fmt.Sprint(spec.Members - 1))
	members := make([]*Member, spec.Members)
	for i := range members {
		members[i] = generatedMember(rng, spec.Seed, fmt.Sprintf("%0*d", width, i), prefix)
	}

	n.mu.Lock()
	defer n.mu.Unlock()
	for _, m := range members {
		if _, taken := n.members[m.ID]; taken {
			return GenerateResult{}, failf(http.StatusConflict, errConflict, "a network with seed %d was already generated", spec.Seed)
		}
		if err := n.checkEmailsFree(m); err != nil {
			return GenerateResult{}, err
		}
	}
	for _, m := range members {
		n.insertLocked(m)
	}
	order := rng.Perm(spec.Members)
	at := func(i int) string { return members[order[i%spec.Members]].ID }
	connections := 0
	for k := 1; k <= spec.ConnectionsEach/2; k++ {
		for i := range spec.Members {
			n.linkLocked(at(i), at(i+k))
			connections++
		}
	}
	if spec.ConnectionsEach%2 == 1 {
		for i := range spec.Members / 2 {
			n.linkLocked(at(i), at(i+spec.Members/2))
			connections++
		}
	}
	return GenerateResult{
		Members: spec.Members, Connections: connections, IDPrefix: prefix,
		FirstMemberID: members[0].ID, FirstMemberEmail: members[0].VerifiedEmails[0],
	}, nil
}

// generatedMember makes up a plausible member with full contact data, so
// sync benchmarks move realistic payloads.
func generatedMember(rng *rand.Rand, seed int64, index, prefix string) *Member {
	first := pick(rng, genFirstNames)
	last := pick(rng, genLastNames)
	company := pick(rng, genCompanies)
	title := pick(rng, genTitles)
	city := genCities[rng.IntN(len(genCities))]
	handle := fmt.Sprintf("gen%d-%s", seed, index)
	email := fmt.Sprintf("%s.%s.%s@gen%d.example", strings.ToLower(first), strings.ToLower(last), index, seed)
	m := &Member{
		ID: prefix + index, VerifiedEmails: []string{email},
		FirstName: first, LastName: last,
		Headline: title + " at " + company, Position: Position{Title: title, Company: company},
		Location: city.city + ", " + city.country, Industry: pick(rng, genIndustries),
		PhotoURL: profilePhotoURL(handle), PublicProfileURL: publicProfileURL(handle),
		Phones: []Phone{{Type: "work", Number: fmt.Sprintf("+1 555 %03d %04d", rng.IntN(1000), rng.IntN(10000))}},
		Emails: []Email{{Type: "work", Address: email}},
		Addresses: []Address{{
			Type: "work", Street: fmt.Sprintf("%d %s", 1+rng.IntN(999), pick(rng, genStreets)),
			City: city.city, Region: city.region, PostalCode: fmt.Sprintf("%05d", rng.IntN(100000)), Country: city.country,
		}},
		Interests:              []string{pick(rng, genInterests)},
		Subscriptions:          []string{},
		VisibleInMicrosoftApps: true,
	}
	m.normalize()
	return m
}

func pick(rng *rand.Rand, from []string) string { return from[rng.IntN(len(from))] }

var (
	genFirstNames = []string{"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi", "Luca", "Maya", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wen", "Yusuf", "Zoe"}
	genLastNames  = []string{"Abbott", "Becker", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Yilmaz", "Zhang"}
	genCompanies  = []string{"Contoso", "Fabrikam", "Northwind Traders", "A. Datum", "Woodgrove Bank", "Litware", "Proseware", "Tailspin Toys", "Wide World Importers", "Alpine Ski House", "Coho Winery", "Lamna Healthcare"}
	genTitles     = []string{"Software Engineer", "Product Manager", "Account Executive", "Designer", "Data Scientist", "Recruiter", "Financial Analyst", "Operations Manager", "Marketing Lead", "Consultant"}
	genIndustries = []string{"Software Development", "Financial Services", "Manufacturing", "Retail", "Hospital and Health Care", "Education", "Logistics"}
	genInterests  = []string{"Leadership", "Cloud computing", "Design", "Data", "Sustainability", "Sales", "Careers"}
	genStreets    = []string{"Main Street", "Market Street", "Station Road", "Park Avenue", "High Street", "Harbour Road"}
	genCities     = []struct{ city, region, country string }{
		{"Seattle", "WA", "US"}, {"Austin", "TX", "US"}, {"Toronto", "ON", "CA"}, {"London", "England", "GB"},
		{"Berlin", "Berlin", "DE"}, {"Paris", "Île-de-France", "FR"}, {"Dublin", "Leinster", "IE"}, {"Sydney", "NSW", "AU"},
	}
)
