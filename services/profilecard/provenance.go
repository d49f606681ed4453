package profilecard

import (
	"time"

	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// provenance gathers where each field of a card came from (PRODUCT.md B13:
// the original shows the source only on hover, and only for some fields).
type provenance struct{ entries []*profilecardv1.Provenance }

// field is a field's name on the card and whether it has a value.
type field struct {
	name string
	set  bool
}

// add records one field; a zero time means the value needed no reading.
func (p *provenance) add(name string, source profilecardv1.Source, fetched time.Time) {
	entry := &profilecardv1.Provenance{Field: name, Source: source}
	if !fetched.IsZero() {
		entry.FetchTime = timestamppb.New(fetched)
	}
	p.entries = append(p.entries, entry)
}

// fields records the fields that have a value, read from source at fetched.
func (p *provenance) fields(source profilecardv1.Source, fetched time.Time, fields []field) {
	for _, f := range fields {
		if f.set {
			p.add(f.name, source, fetched)
		}
	}
}
