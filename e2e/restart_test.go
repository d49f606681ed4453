package e2e

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"
)

// TestRestart stops the policy service and starts it again on the same
// database: everything committed before must still be there, audit log
// included, and consent, whose stream of policy changes broke, must follow
// policy again. Stopping also proves graceful shutdown (exit 0 after
// SIGTERM).
func TestRestart(t *testing.T) {
	ten, admin := newTenant(t, "DE")
	createUsers(t, admin, ten.ID, "keeper")
	requestID := "e2e-restart-" + rand.Text()
	settings := patchSettings(t, admin.withRequestID(requestID), ten.ID, map[string]any{"mode": "ENABLED"})
	linked := newLinkedInUser(t, admin, ten.ID, "linked")
	connectLinkedIn(t, linked.caller, bidirectional)
	var keeper user
	admin.ok(t, "GET", tenantPath(ten.ID)+"/users/keeper", nil, &keeper)

	if err := sut.restartPolicy(); err != nil {
		t.Fatalf("restart: %v", err)
	}

	t.Run("directory survives", func(t *testing.T) {
		var got user
		admin.ok(t, "GET", tenantPath(ten.ID)+"/users/keeper", nil, &got)
		if !reflect.DeepEqual(got, keeper) {
			t.Errorf("after restart = %+v\nwant %+v", got, keeper)
		}
	})

	t.Run("settings survive", func(t *testing.T) {
		if got := getSettings(t, admin, ten.ID); got != settings {
			t.Errorf("after restart = %+v\nwant %+v", got, settings)
		}
		wantReason(t, "keeper", checkAccess(t, admin, ten.ID, "keeper", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")
	})

	t.Run("audit log survives", func(t *testing.T) {
		var log auditLog
		admin.ok(t, "GET", tenantPath(ten.ID)+"/auditLog", nil, &log)
		for _, e := range log.Events {
			if e.RequestID == requestID && e.Action == "UpdateLinkedInSettings" {
				return
			}
		}
		t.Errorf("no UpdateLinkedInSettings event with request id %s after restart; events: %+v", requestID, log.Events)
	})

	t.Run("consent follows policy again", func(t *testing.T) {
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "DISABLED"})
		waitForEvent(t, admin, ten.ID, "linked REVOKED DISABLED_BY_TENANT by service:consent")
		wantNotConnected(t, linked.caller)
	})
}

// TestRestartConsent stops the consent service and starts it again on the
// same database: connections, the ledger and connections started before
// the restart survive, and policy changes made while it was down are acted
// on once it is back.
func TestRestartConsent(t *testing.T) {
	ten, admin := newTenant(t, "US")
	stay := newLinkedInUser(t, admin, ten.ID, "stay")
	gone := newLinkedInUser(t, admin, ten.ID, "gone")
	midway := newLinkedInUser(t, admin, ten.ID, "midway")
	createGroup(t, admin, ten.ID, "pilot", "users/stay", "users/midway")
	before := connectLinkedIn(t, stay.caller, bidirectional)
	connectLinkedIn(t, gone.caller, linkedinToOrganization)
	// midway is at LinkedIn when the service stops.
	cb := approveAtLinkedIn(t, startConnection(t, midway.caller, bidirectional))

	var whileDown response
	err := sut.restartConsent(func() error {
		var err error
		if whileDown, err = stay.request("GET", myConnection, nil); err != nil {
			return err
		}
		resp, err := admin.request("PATCH", tenantPath(ten.ID)+"/linkedinSettings", map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
		if err == nil && resp.status != http.StatusOK {
			err = fmt.Errorf("PATCH linkedinSettings while consent was down: status %d, body %s", resp.status, resp.body)
		}
		return err
	})
	if err != nil {
		t.Fatalf("restart: %v", err)
	}

	t.Run("gateway answers 503 while consent is down", func(t *testing.T) {
		var got errorBody
		if err := json.Unmarshal(whileDown.body, &got); err != nil || whileDown.status != http.StatusServiceUnavailable {
			t.Fatalf("GET %s while consent was down: status %d, body %s; want 503", myConnection, whileDown.status, whileDown.body)
		}
		if reason, _ := got.errorInfo(); reason != "DEPENDENCY_UNAVAILABLE" {
			t.Errorf("reason %q, want DEPENDENCY_UNAVAILABLE; body %s", reason, whileDown.body)
		}
	})

	t.Run("connection survives", func(t *testing.T) {
		if got := getConnection(t, stay.caller); !reflect.DeepEqual(got, before) {
			t.Errorf("after restart = %+v\nwant %+v", got, before)
		}
	})

	t.Run("a connection started before the restart completes after it", func(t *testing.T) {
		wantBackToApp(t, callback(t, cb), "connected")
		if got := getConnection(t, midway.caller); got.State != "CONNECTED" || got.MemberID != midway.memberID {
			t.Errorf("midway's connection = %+v, want CONNECTED to %s", got, midway.memberID)
		}
	})

	t.Run("policy changes made while down are acted on", func(t *testing.T) {
		waitForEvent(t, admin, ten.ID, "gone REVOKED NOT_IN_SELECTED_GROUP by service:consent")
		wantNotConnected(t, gone.caller)
		wantNoTokens(t, gone.memberID)
	})

	t.Run("ledger survives", func(t *testing.T) {
		var grants []string
		for _, e := range consentEvents(t, admin, ten.ID) {
			if e.Kind == "GRANTED" {
				grants = append(grants, e.User)
			}
		}
		slices.Sort(grants)
		if want := []string{"gone", "midway", "stay"}; !slices.Equal(grants, want) {
			t.Errorf("GRANTED events for %q, want %q", grants, want)
		}
	})
}
