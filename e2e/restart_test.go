package e2e

import (
	"crypto/rand"
	"reflect"
	"testing"
)

// TestRestart stops the policy service and starts it again on the same
// database: everything committed before must still be there, audit log
// included. Stopping also proves graceful shutdown (exit 0 after SIGTERM).
func TestRestart(t *testing.T) {
	ten, admin := newTenant(t, "DE")
	createUsers(t, admin, ten.ID, "keeper")
	requestID := "e2e-restart-" + rand.Text()
	settings := patchSettings(t, admin.withRequestID(requestID), ten.ID, map[string]any{"mode": "ENABLED"})
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
}
