package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
)

// The LinkedIn simulator's admin API (/sim/): tests use it to look behind
// the services' backs (what LinkedIn holds for a member) and to break the
// network on purpose. It is the simulator's test hook, not Liaison's API.

// simCall makes one admin request that must succeed (2xx) and decodes the
// JSON answer into out (unless out is nil).
func simCall(t *testing.T, method, path string, body, out any) {
	t.Helper()
	var reader io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("marshal body of %s %s: %v", method, path, err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, sut.simURL+path, reader)
	if err != nil {
		t.Fatalf("simulator %s %s: %v", method, path, err)
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("simulator %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("simulator %s %s: status %d; body: %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("simulator %s %s: body is not the JSON expected (%v): %s", method, path, err, raw)
		}
	}
}

// memberCount numbers the members tests add, keeping ids and emails unique.
var memberCount atomic.Int64

// simCreateMember adds a LinkedIn member who verified email, and returns
// the member id.
func simCreateMember(t *testing.T, email, firstName string) string {
	t.Helper()
	id := fmt.Sprintf("m-e2e-%d", memberCount.Add(1))
	simCall(t, "POST", "/sim/members", map[string]any{
		"id": id, "verifiedEmails": []string{email}, "firstName": firstName, "lastName": "Tester",
	}, nil)
	return id
}

// simContact is a contact the organization exports to LinkedIn.
type simContact struct {
	FirstName string   `json:"firstName"`
	Emails    []string `json:"emails"`
}

// simImportContacts uploads contacts for a member as the organization's
// contact export would.
func simImportContacts(t *testing.T, member string, contacts ...simContact) {
	t.Helper()
	simCall(t, "POST", "/sim/members/"+member+"/contactImports", map[string]any{"contacts": contacts}, nil)
}

// simImportedContacts returns how many contacts LinkedIn holds for a member
// that came from the organization.
func simImportedContacts(t *testing.T, member string) int {
	t.Helper()
	var out struct {
		Total int `json:"total"`
	}
	simCall(t, "GET", "/sim/members/"+member+"/contactImports", nil, &out)
	return out.Total
}

// simTokenCounts is how many live tokens LinkedIn holds for a member.
type simTokenCounts struct {
	AccessTokens  int `json:"accessTokens"`
	RefreshTokens int `json:"refreshTokens"`
}

func simTokens(t *testing.T, member string) simTokenCounts {
	t.Helper()
	var out simTokenCounts
	simCall(t, "GET", "/sim/tokens/"+member, nil, &out)
	return out
}

// wantNoTokens fails unless LinkedIn holds no live token for member.
// The tokens of a revoked grant are revoked at LinkedIn from consent's job
// queue, right after the revocation commits, so this waits a moment.
func wantNoTokens(t *testing.T, member string) {
	t.Helper()
	eventually(t, followThrough, "no live tokens at LinkedIn for "+member, func() (bool, string) {
		got := simTokens(t, member)
		return got == simTokenCounts{}, fmt.Sprintf("LinkedIn holds %+v", got)
	})
}

// wantNoImports waits until LinkedIn holds no contacts imported for member:
// like the tokens, they are deleted from consent's job queue.
func wantNoImports(t *testing.T, member string) {
	t.Helper()
	eventually(t, followThrough, "no contacts imported for "+member, func() (bool, string) {
		n := simImportedContacts(t, member)
		return n == 0, fmt.Sprintf("LinkedIn holds %d", n)
	})
}

// simFailPaths makes every request to the simulator's public paths under
// prefix fail with 503 until the test ends or simClearFaults.
func simFailPaths(t *testing.T, prefix string) {
	t.Helper()
	simCall(t, "PUT", "/sim/faults", map[string]any{"errorRate": 1, "paths": prefix}, nil)
	t.Cleanup(func() { simClearFaults(t) })
}

// simClearFaults makes the network healthy again.
func simClearFaults(t *testing.T) {
	t.Helper()
	simCall(t, "PUT", "/sim/faults", map[string]any{}, nil)
}
