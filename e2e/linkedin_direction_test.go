package e2e

import (
	"slices"
	"testing"
)

// TestLinkedInDirection changes the direction of consent after connecting:
// narrowing is immediate, widening needs a new authorization exactly when
// the grant LinkedIn gave lacks the scopes.
func TestLinkedInDirection(t *testing.T) {
	ten, admin := newTenant(t, "US")

	t.Run("narrowing a both-ways grant is immediate", func(t *testing.T) {
		u := newLinkedInUser(t, admin, ten.ID, "narrow")
		before := connectLinkedIn(t, u.caller, bidirectional)
		var after connection
		u.ok(t, "PATCH", myConnection, map[string]any{"direction": linkedinToOrganization}, &after)
		if after.State != "CONNECTED" || after.Direction != linkedinToOrganization || len(after.SharedWithLinkedin) != 0 ||
			after.MemberID != u.memberID || after.Revision <= before.Revision || after.ConnectTime != before.ConnectTime {
			t.Errorf("after narrowing = %+v\nwant LINKEDIN_TO_ORGANIZATION, nothing shared with LinkedIn, a later revision, the same member and connect time; before: %+v", after, before)
		}
		if got := getConnection(t, u.caller); got.Direction != linkedinToOrganization {
			t.Errorf("GET after narrowing: direction %s, want %s", got.Direction, linkedinToOrganization)
		}
	})

	t.Run("widening back within the grant needs no new authorization", func(t *testing.T) {
		u := newLinkedInUser(t, admin, ten.ID, "rewiden")
		connectLinkedIn(t, u.caller, bidirectional)
		u.ok(t, "PATCH", myConnection, map[string]any{"direction": linkedinToOrganization}, nil)
		var after connection
		u.ok(t, "PATCH", myConnection, map[string]any{"direction": bidirectional}, &after)
		if after.Direction != bidirectional || !slices.Contains(after.SharedWithLinkedin, "CONTACTS") {
			t.Errorf("after widening back = %+v, want BIDIRECTIONAL sharing CONTACTS with LinkedIn", after)
		}
	})

	t.Run("widening beyond the grant needs reauthorization", func(t *testing.T) {
		u := newLinkedInUser(t, admin, ten.ID, "widen")
		before := connectLinkedIn(t, u.caller, linkedinToOrganization)
		u.fails(t, "PATCH", myConnection, map[string]any{"direction": bidirectional}, conflict("REAUTHORIZATION_REQUIRED"))
		if got := getConnection(t, u.caller); got.Direction != linkedinToOrganization || got.Revision != before.Revision {
			t.Errorf("after the refused widening = %+v, want it unchanged: %+v", got, before)
		}

		// Connecting again both ways is the reauthorization: the same
		// account, so the connection keeps its connect time.
		after := connectLinkedIn(t, u.caller, bidirectional)
		if after.MemberID != u.memberID || after.ConnectTime != before.ConnectTime {
			t.Errorf("after reauthorizing = %+v, want member %s and the first connect time %s", after, u.memberID, before.ConnectTime)
		}
	})

	t.Run("ledger records each change", func(t *testing.T) {
		var got []string
		for _, e := range consentEvents(t, admin, ten.ID) {
			got = append(got, e.User+" "+e.Kind+" "+e.PreviousDirection+" -> "+e.Direction)
		}
		slices.Reverse(got)
		want := []string{
			"narrow GRANTED CONSENT_DIRECTION_UNSPECIFIED -> BIDIRECTIONAL",
			"narrow DIRECTION_CHANGED BIDIRECTIONAL -> LINKEDIN_TO_ORGANIZATION",
			"rewiden GRANTED CONSENT_DIRECTION_UNSPECIFIED -> BIDIRECTIONAL",
			"rewiden DIRECTION_CHANGED BIDIRECTIONAL -> LINKEDIN_TO_ORGANIZATION",
			"rewiden DIRECTION_CHANGED LINKEDIN_TO_ORGANIZATION -> BIDIRECTIONAL",
			"widen GRANTED CONSENT_DIRECTION_UNSPECIFIED -> LINKEDIN_TO_ORGANIZATION",
			"widen GRANTED LINKEDIN_TO_ORGANIZATION -> BIDIRECTIONAL",
		}
		if !slices.Equal(got, want) {
			t.Errorf("ledger, oldest first:\n%q\nwant\n%q", got, want)
		}
	})

	t.Run("changing a connection that does not exist", func(t *testing.T) {
		u := newLinkedInUser(t, admin, ten.ID, "never")
		u.fails(t, "PATCH", myConnection, map[string]any{"direction": linkedinToOrganization}, notFound)
	})

	t.Run("a direction is required", func(t *testing.T) {
		u := newLinkedInUser(t, admin, ten.ID, "nodirection")
		u.fails(t, "POST", myConnection+":connect", map[string]any{"redirectUri": doneURL()}, invalidField("direction"))
	})
}
