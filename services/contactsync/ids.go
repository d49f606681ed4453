package contactsync

import (
	"crypto/rand"
	"regexp"
	"strings"
)

var (
	contactIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	jobID            = regexp.MustCompile(`^[0-9]{1,18}$`)
)

// newOwnContactID names a contact the user creates: random, so ids say
// nothing of the contact or of how many there are.
func newOwnContactID() string { return "c-" + strings.ToLower(rand.Text()[:20]) }
