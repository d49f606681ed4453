package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// A contact's lists are stored as JSON arrays of short objects.
type (
	storedPhone struct {
		Type   int32  `json:"t"`
		Number string `json:"n"`
	}
	storedEmail struct {
		Type    int32  `json:"t"`
		Address string `json:"a"`
	}
	storedAddress struct {
		Type       int32  `json:"t"`
		Street     string `json:"s,omitempty"`
		City       string `json:"c,omitempty"`
		State      string `json:"r,omitempty"`
		PostalCode string `json:"p,omitempty"`
		Country    string `json:"o,omitempty"`
	}
)

func encodeLists(c *contactsyncv1.Contact) (phones, emails, addresses string, err error) {
	ps := make([]storedPhone, len(c.Phones))
	for i, p := range c.Phones {
		ps[i] = storedPhone{int32(p.Type), p.Number}
	}
	es := make([]storedEmail, len(c.EmailAddresses))
	for i, e := range c.EmailAddresses {
		es[i] = storedEmail{int32(e.Type), e.Address}
	}
	as := make([]storedAddress, len(c.PostalAddresses))
	for i, a := range c.PostalAddresses {
		as[i] = storedAddress{int32(a.Type), a.Street, a.City, a.State, a.PostalCode, a.CountryOrRegion}
	}
	var out [3][]byte
	for i, v := range []any{ps, es, as} {
		if out[i], err = json.Marshal(v); err != nil {
			return "", "", "", err
		}
	}
	return string(out[0]), string(out[1]), string(out[2]), nil
}

func decodeLists(c *contactsyncv1.Contact, phones, emails, addresses string) error {
	var (
		ps []storedPhone
		es []storedEmail
		as []storedAddress
	)
	if err := json.Unmarshal([]byte(phones), &ps); err != nil {
		return fmt.Errorf("contact %s: phones: %w", c.Id, err)
	}
	if err := json.Unmarshal([]byte(emails), &es); err != nil {
		return fmt.Errorf("contact %s: emails: %w", c.Id, err)
	}
	if err := json.Unmarshal([]byte(addresses), &as); err != nil {
		return fmt.Errorf("contact %s: addresses: %w", c.Id, err)
	}
	for _, p := range ps {
		c.Phones = append(c.Phones, &contactsyncv1.Phone{Type: contactsyncv1.Phone_Type(p.Type), Number: p.Number})
	}
	for _, e := range es {
		c.EmailAddresses = append(c.EmailAddresses, &contactsyncv1.Email{Type: contactsyncv1.Email_Type(e.Type), Address: e.Address})
	}
	for _, a := range as {
		c.PostalAddresses = append(c.PostalAddresses, &contactsyncv1.PhysicalAddress{
			Type: contactsyncv1.PhysicalAddress_Type(a.Type), Street: a.Street, City: a.City,
			State: a.State, PostalCode: a.PostalCode, CountryOrRegion: a.Country,
		})
	}
	return nil
}

// MatchKeys are a contact's normalised email addresses ("e:" and the
// address in lower case) and phone numbers ("p:" and the last ten digits,
// so "+1 425 555 0101" and "(425) 555-0101" match; numbers of fewer than
// seven digits are left out), sorted and without repeats.
func MatchKeys(c *contactsyncv1.Contact) []string {
	var keys []string
	for _, e := range c.EmailAddresses {
		if a := strings.ToLower(strings.TrimSpace(e.Address)); a != "" {
			keys = append(keys, "e:"+a)
		}
	}
	for _, p := range c.Phones {
		var digits []byte
		for i := 0; i < len(p.Number); i++ {
			if b := p.Number[i]; b >= '0' && b <= '9' {
				digits = append(digits, b)
			}
		}
		if len(digits) >= 7 {
			keys = append(keys, "p:"+string(digits[max(0, len(digits)-10):]))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}
