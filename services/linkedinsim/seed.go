package linkedinsim

// The deterministic demo network: the contoso users of the policy demo
// (alice, bob, carol, admin), and people outside the organization, whom
// profile cards also show (PRODUCT.md S12). The README walk-through and the
// end-to-end tests rely on these ids, emails and connections.

// demoConnections are the first-degree connections of the demo network.
// Alice's connections fill her LinkedIn folder in the scenario; grace is
// deliberately not yet connected to her, so a test can connect them and see
// the new contact arrive with the next sync.
var demoConnections = [][2]string{
	{"m-alice", "m-bob"}, {"m-alice", "m-dana"}, {"m-alice", "m-erin"}, {"m-alice", "m-frank"},
	{"m-bob", "m-carol"}, {"m-bob", "m-grace"},
	{"m-carol", "m-dana"},
	{"m-dana", "m-grace"},
	{"m-erin", "m-frank"},
}

// demoMembers returns the demo members, fresh on every call.
func demoMembers() []*Member {
	contosoOffice := func(kind string) Address {
		return Address{Type: kind, Street: "1 Contoso Way", City: "Redmond", Region: "WA", PostalCode: "98052", Country: "US"}
	}
	return []*Member{
		demoMember("alice", "Alice", "Wong", "alice@contoso.com",
			"Product manager at Contoso | Collaboration tools", Position{"Product Manager", "Contoso"},
			"Redmond, Washington, United States", "Software Development",
			[]Phone{{"work", "+1 425 555 0101"}, {"mobile", "+1 425 555 0201"}},
			[]Email{{"work", "alice@contoso.com"}, {"home", "alice.wong@example.com"}},
			[]Address{contosoOffice("work"), {Type: "home", Street: "12 Lakeview Drive", City: "Kirkland", Region: "WA", PostalCode: "98033", Country: "US"}},
			[]string{"Product management", "Customer research", "Remote work"},
			[]string{"LinkedIn Premium Career", "LinkedIn Learning"}),
		demoMember("bob", "Bob", "Kelly", "bob@contoso.com",
			"Account executive at Contoso", Position{"Account Executive", "Contoso"},
			"Seattle, Washington, United States", "Software Development",
			[]Phone{{"work", "+1 425 555 0102"}, {"mobile", "+1 206 555 0202"}},
			[]Email{{"work", "bob@contoso.com"}},
			[]Address{contosoOffice("work")},
			[]string{"Enterprise sales", "Negotiation"},
			[]string{"LinkedIn Sales Navigator"}),
		demoMember("carol", "Carol", "Diaz", "carol@contoso.com",
			"Software engineer at Contoso | Distributed systems", Position{"Software Engineer", "Contoso"},
			"Bellevue, Washington, United States", "Software Development",
			[]Phone{{"work", "+1 425 555 0103"}},
			[]Email{{"work", "carol@contoso.com"}, {"home", "carol.diaz@example.org"}},
			[]Address{contosoOffice("work")},
			[]string{"Go", "Distributed systems", "Open source"},
			[]string{"LinkedIn Learning"}),
		demoMember("admin", "Contoso", "Admin", "admin@contoso.com",
			"IT administrator at Contoso", Position{"IT Administrator", "Contoso"},
			"Redmond, Washington, United States", "IT Services and IT Consulting",
			[]Phone{{"work", "+1 425 555 0100"}},
			[]Email{{"work", "admin@contoso.com"}},
			[]Address{contosoOffice("work")},
			[]string{"Identity and access management"},
			[]string{}),
		demoMember("dana", "Dana", "Ruiz", "dana@fabrikam.com",
			"Head of procurement at Fabrikam", Position{"Head of Procurement", "Fabrikam"},
			"Denver, Colorado, United States", "Manufacturing",
			[]Phone{{"work", "+1 303 555 0110"}, {"mobile", "+1 720 555 0111"}},
			[]Email{{"work", "dana@fabrikam.com"}},
			[]Address{{Type: "work", Street: "500 Fabrikam Plaza", City: "Denver", Region: "CO", PostalCode: "80202", Country: "US"}},
			[]string{"Supply chain", "Sustainability"},
			[]string{"LinkedIn Premium Business"}),
		demoMember("erin", "Erin", "Walsh", "erin@northwind.example",
			"Logistics coordinator at Northwind Traders", Position{"Logistics Coordinator", "Northwind Traders"},
			"Dublin, Ireland", "Transportation, Logistics, Supply Chain and Storage",
			[]Phone{{"work", "+353 1 555 0120"}},
			[]Email{{"work", "erin@northwind.example"}, {"home", "erin.walsh@example.net"}},
			[]Address{{Type: "work", Street: "8 Harbour Road", City: "Dublin", Region: "Leinster", PostalCode: "D02 XY45", Country: "IE"}},
			[]string{"Logistics", "Trade"},
			[]string{}),
		demoMember("frank", "Frank", "Osei", "frank@adatum.example",
			"Research scientist at A. Datum", Position{"Research Scientist", "A. Datum Corporation"},
			"Toronto, Ontario, Canada", "Research Services",
			[]Phone{{"work", "+1 416 555 0130"}, {"mobile", "+1 647 555 0131"}},
			[]Email{{"work", "frank@adatum.example"}},
			[]Address{{Type: "work", Street: "200 University Avenue", City: "Toronto", Region: "ON", PostalCode: "M5H 3C6", Country: "CA"}},
			[]string{"Machine learning", "Statistics"},
			[]string{"LinkedIn Learning"}),
		demoMember("grace", "Grace", "Lin", "grace@woodgrove.example",
			"Financial analyst at Woodgrove Bank", Position{"Financial Analyst", "Woodgrove Bank"},
			"London, England, United Kingdom", "Banking",
			[]Phone{{"work", "+44 20 5550 0140"}},
			[]Email{{"work", "grace@woodgrove.example"}},
			[]Address{{Type: "work", Street: "1 Woodgrove Street", City: "London", Region: "England", PostalCode: "EC2V 7HH", Country: "GB"}},
			[]string{"Fintech", "Risk management"},
			[]string{"LinkedIn Premium Career"}),
	}
}

func demoMember(handle, first, last, email, headline string, pos Position, location, industry string,
	phones []Phone, emails []Email, addresses []Address, interests, subscriptions []string) *Member {
	m := &Member{
		ID: "m-" + handle, VerifiedEmails: []string{email},
		FirstName: first, LastName: last, Headline: headline, Position: pos,
		Location: location, Industry: industry,
		PhotoURL:         profilePhotoURL(handle),
		PublicProfileURL: publicProfileURL(handle),
		Phones:           phones, Emails: emails, Addresses: addresses,
		Interests: interests, Subscriptions: subscriptions,
		VisibleInMicrosoftApps: true,
	}
	m.normalize()
	return m
}

// Profile and photo URLs live under linkedin.example, a reserved domain
// (RFC 2606), so a link in the demo never leads to a real person's page.
func publicProfileURL(handle string) string { return "https://www.linkedin.example/in/" + handle }
func profilePhotoURL(handle string) string {
	return "https://media.linkedin.example/photos/" + handle + ".jpg"
}

// seedDemo loads the demo network into an empty network.
func (n *network) seedDemo() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, m := range demoMembers() {
		n.insertLocked(m)
	}
	for _, c := range demoConnections {
		n.linkLocked(c[0], c[1])
	}
}
