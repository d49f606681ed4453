package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"github.com/liaisonhq/liaison/e2e/internal/suite"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCLIDrivesThePolicyFlow walks the README's policy flow with liaisonctl
// alone: a dev token kept in the config file, the directory, the Selected
// group setting, access checks with their reasons, the impact preview and
// the audit log.
func TestCLIDrivesThePolicyFlow(t *testing.T) {
	ten, _ := newTenant(t, "US")
	c := newCtl(t, ten.ID, "")
	_, errOut, _ := c.run("dev-token", "--user", "admin", "--role", "TenantAdmin", "--save")
	if !strings.Contains(errOut, "saved in") {
		t.Fatalf("dev-token --save: %s", errOut)
	}
	if info, err := os.Stat(c.config); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the config file holding the token: %v, mode %v, want 0600", err, info.Mode().Perm())
	}
	if out := c.ok("config", "view"); strings.Contains(out, "eyJ") || !strings.Contains(out, "token: (hidden)") {
		t.Errorf("config view shows the token:\n%s", out)
	}
	for _, u := range [][]string{{"alice", "Alice Wong"}, {"bob", "Bob Kelly"}, {"carol", "Carol Diaz"}} {
		c.ok("users", "create", u[0], "--email", u[0]+"@"+ten.ID+".example.com", "--name", u[1], "--phone", "mobile:+1 425 555 0100")
	}
	c.ok("groups", "create", "pilot", "--name", "LinkedIn pilot")
	c.ok("groups", "create", "pilot-core", "--name", "LinkedIn pilot core team")
	c.ok("groups", "members", "add", "pilot-core", "alice")
	members := c.ok("groups", "members", "add", "pilot", "groups/pilot-core", "bob")
	wantLines(t, "members add", members, "MEMBER", "groups/pilot-core", "users/bob")

	preview := c.ok("linkedin", "preview", "--mode", "SELECTED_GROUP", "--group", "pilot")
	wantLines(t, "preview", preview, "USERS ALLOWED NOW ALLOWED AFTER GAINING LOSING CONTACTS DELETED", "3 3 2 0 1 (carol) 0")
	settings := c.ok("linkedin", "set", "--mode", "SELECTED_GROUP", "--group", "pilot")
	if !strings.Contains(settings, "SELECTED_GROUP") || !strings.Contains(settings, "pilot") {
		t.Errorf("linkedin set:\n%s", settings)
	}

	var alice, carol struct {
		Allowed bool
		Reason  string
	}
	decode(t, c.ok("check-access", "alice", "-o", "json"), &alice)
	decode(t, c.ok("check-access", "carol", "-o", "json"), &carol)
	if !alice.Allowed || alice.Reason != "ALLOWED" || carol.Allowed || carol.Reason != "NOT_IN_SELECTED_GROUP" {
		t.Errorf("alice %+v, carol %+v: want alice ALLOWED through pilot-core, carol NOT_IN_SELECTED_GROUP", alice, carol)
	}

	var audit struct {
		Events []struct {
			Actor, Action, Resource string
			After                   map[string]any
		}
	}
	decode(t, c.ok("audit", "--limit", "1", "-o", "json"), &audit)
	if len(audit.Events) != 1 || audit.Events[0].Action != "UpdateLinkedInSettings" || audit.Events[0].Actor != "admin" ||
		audit.Events[0].After["mode"] != "SELECTED_GROUP" {
		t.Errorf("the newest audit entry: %+v, want admin's UpdateLinkedInSettings to SELECTED_GROUP", audit.Events)
	}
	yaml := c.ok("users", "get", "alice", "-o", "yaml")
	for _, want := range []string{"email: alice@" + ten.ID + ".example.com", "displayName: Alice Wong", "etag:"} {
		if !strings.Contains(yaml, want) {
			t.Errorf("users get -o yaml lacks %q:\n%s", want, yaml)
		}
	}
}

// TestCLIConfigurationAsCode: export, edit, a plan with its impact, an
// apply that makes the tenant match, a second apply that changes nothing,
// and documents refused before anything is sent.
func TestCLIConfigurationAsCode(t *testing.T) {
	ten, admin := newTenant(t, "US")
	createUsers(t, admin, ten.ID, "alice", "bob", "carol", "dana")
	createGroup(t, admin, ten.ID, "pilot-core", "users/alice")
	createGroup(t, admin, ten.ID, "pilot", "groups/pilot-core", "users/dana")
	createGroup(t, admin, ten.ID, "old", "users/carol")
	c := newCtl(t, ten.ID, admin.token)

	exported := c.ok("export", "tenant", ten.ID)
	for _, want := range []string{"apiVersion: liaison.dev/v1", "kind: TenantConfiguration", "tenant: " + ten.ID, "mode: ENABLED", "- id: OwaMailboxPolicy-Default"} {
		if !strings.Contains(exported, want) {
			t.Fatalf("export lacks %q:\n%s", want, exported)
		}
	}
	file := filepath.Join(t.TempDir(), "tenant.yaml")
	write := func(body string) {
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The same configuration, unchanged, applies as nothing.
	write(exported)
	wantLines(t, "apply of the export", c.ok("apply", "-f", file), "No changes: tenant "+ten.ID+" already matches the document.")

	changed := `apiVersion: liaison.dev/v1
kind: TenantConfiguration
metadata:
  tenant: ` + ten.ID + `
spec:
  linkedin:
    mode: SELECTED_GROUP
    selectedGroup: pilot
    maxConsentDirection: LINKEDIN_TO_ORGANIZATION
  groups:
    - id: pilot
      displayName: ` + "Group pilot" + `
      type: SECURITY
      members: [groups/pilot-core, groups/sales]
    - id: pilot-core
      displayName: Group pilot-core
      type: SECURITY
      members: [users/alice]
    - id: sales
      displayName: Sales
      type: MICROSOFT_365
      members: [users/bob]
  mailboxPolicies:
    - id: OwaMailboxPolicy-Default
      linkedinContactSync: true
      default: true
    - id: NoSync
      linkedinContactSync: false
      mailboxes: [alice]
  clientPolicy:
    setting: DISABLED
    groupOverrides:
      - group: pilot
        setting: ENABLED
`
	write(changed)
	plan, _, code := c.run("apply", "-f", file, "--dry-run", "--exit-code")
	if code != 8 {
		t.Fatalf("apply --dry-run --exit-code with changes: exit %d, want 8:\n%s", code, plan)
	}
	wantLines(t, "the plan", plan,
		`+ create group sales: "Sales", MICROSOFT_365`,
		"+ create membership of users/bob in group sales",
		"+ create membership of groups/sales in group pilot",
		"+ create mailbox policy NoSync: linkedinContactSync off",
		"~ change mailbox of user alice: policy (the default) -> NoSync",
		`~ change linkedin settings: mode ENABLED -> SELECTED_GROUP; selectedGroup "" -> pilot; maxConsentDirection BIDIRECTIONAL -> LINKEDIN_TO_ORGANIZATION`,
		"~ change client policy: setting NOT_CONFIGURED -> DISABLED; groupOverrides [] -> [pilot=ENABLED]",
		"- delete membership of users/dana in group pilot",
		"- delete group old: its memberships end with it",
		"2 users would lose LinkedIn account connections: carol, dana",
		"0 users would gain LinkedIn account connections",
		"1 user would lose LinkedIn contact sync by mailbox policy: alice",
		"0 synced LinkedIn contacts will be purged",
		"9 changes: 4 to create, 3 to change, 2 to delete.",
		"Dry run: nothing was changed.",
	)
	if got := getSettings(t, admin, ten.ID); got.Mode != "ENABLED" {
		t.Fatalf("after the dry run the mode is %s, want ENABLED still", got.Mode)
	}

	var outcome struct {
		Tenant  string
		Applied int
		Steps   []struct{ Action, Resource string }
	}
	decode(t, c.ok("apply", "-f", file, "--yes", "-o", "json"), &outcome)
	if outcome.Tenant != ten.ID || outcome.Applied != 9 || len(outcome.Steps) != 9 {
		t.Fatalf("apply: %+v, want 9 of 9 applied", outcome)
	}
	if got := getSettings(t, admin, ten.ID); got.Mode != "SELECTED_GROUP" || got.SelectedGroup != "pilot" {
		t.Errorf("settings after apply: %+v", got)
	}
	wantReason(t, "bob (in pilot through sales)", checkAccess(t, admin, ten.ID, "bob", "ACCOUNT_CONNECTION", "WEB"), "ALLOWED")
	wantReason(t, "dana (removed from pilot)", checkAccess(t, admin, ten.ID, "dana", "ACCOUNT_CONNECTION", "WEB"), "NOT_IN_SELECTED_GROUP")
	var alice struct{ MailboxPolicy string }
	decode(t, c.ok("users", "get", "alice", "-o", "json"), &alice)
	if alice.MailboxPolicy != "NoSync" {
		t.Errorf("alice's mailbox policy %q, want NoSync", alice.MailboxPolicy)
	}
	c.fails(4, []string{"NOT_FOUND"}, "groups", "get", "old")

	// Idempotent: the second apply changes nothing and says so.
	wantLines(t, "the second apply", c.ok("apply", "-f", file), "No changes: tenant "+ten.ID+" already matches the document.")
	// And the export of the result applies as nothing too.
	write(c.ok("export", "tenant"))
	wantLines(t, "apply of the new export", c.ok("apply", "-f", file, "--dry-run", "--exit-code"), "No changes: tenant "+ten.ID+" already matches the document.")

	// An update sent with an etag that no longer holds is refused (exit 5,
	// the reason on stderr), as apply's changes are.
	var s struct{ Etag string }
	decode(t, c.ok("linkedin", "get", "-o", "json"), &s)
	c.ok("linkedin", "set", "--max-direction", "BIDIRECTIONAL")
	c.fails(5, []string{"ABORTED", "reason: ETAG_MISMATCH"}, "linkedin", "set", "--mode", "DISABLED", "--etag", s.Etag)

	t.Run("documents that break the rules are refused before anything is sent", func(t *testing.T) {
		for _, tc := range []struct{ name, from, to, want string }{
			{"an unknown mode", "mode: SELECTED_GROUP", "mode: MAYBE", "/spec/linkedin/mode"},
			{"an unknown key", "  clientPolicy:", "  colour: blue\n  clientPolicy:", "/spec"},
			{"a selected group with Yes", "mode: SELECTED_GROUP", "mode: ENABLED", "/spec/linkedin"},
			{"a group outside the document", "selectedGroup: pilot", "selectedGroup: nowhere", `/spec/linkedin/selectedGroup: group "nowhere" is not in the document's groups`},
			{"two defaults", "linkedinContactSync: false", "linkedinContactSync: false\n      default: true", "exactly one policy must be the default"},
			{"a user not in the directory", "mailboxes: [alice]", "mailboxes: [zed]", `/spec/mailboxPolicies/1/mailboxes/0: no user "zed"`},
			{"a mailbox in two policies", "      default: true\n", "      default: true\n      mailboxes: [alice]\n", `"alice" is also in policy`},
			{"a nesting cycle", "members: [users/alice]", "members: [users/alice, groups/pilot]", "groups nest in a cycle: pilot > pilot-core > pilot"},
			{"a renamed group", "displayName: Sales", "displayName: Sales team", `group "sales" is "Sales"`},
			{"another version", "apiVersion: liaison.dev/v1", "apiVersion: liaison.dev/v2", "/apiVersion"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if !strings.Contains(changed, tc.from) {
					t.Fatalf("the test's document lacks %q", tc.from)
				}
				write(strings.Replace(changed, tc.from, tc.to, 1))
				c.fails(2, []string{"is not a valid tenant configuration", tc.want}, "apply", "-f", file, "--yes")
			})
		}
		if got := getSettings(t, admin, ten.ID); got.Mode != "SELECTED_GROUP" {
			t.Errorf("a refused document changed the mode to %s", got.Mode)
		}
	})
	t.Run("the document names its tenant", func(t *testing.T) {
		write(changed)
		c.fails(2, []string{"is for tenant " + `"` + ten.ID + `"`}, "apply", "-f", file, "--tenant", "someone-else")
	})
	t.Run("the schema is published", func(t *testing.T) {
		var schema map[string]any
		decode(t, c.ok("schema"), &schema)
		if schema["$id"] != "https://liaison.dev/schemas/tenant-configuration/v1.json" {
			t.Errorf("schema $id %v", schema["$id"])
		}
	})
}

// TestCLIErrorsAndExitCodes: each kind of failure has its exit code, and
// stderr says what the service said: the code, the message, the reason,
// the fields at fault.
func TestCLIErrorsAndExitCodes(t *testing.T) {
	ten, admin := newTenant(t, "US")
	c := newCtl(t, ten.ID, admin.token)
	c.fails(4, []string{"NOT_FOUND", "reason: RESOURCE_NOT_FOUND", "request id: liaisonctl-"}, "users", "get", "ghost")
	c.fails(3, []string{"INVALID_ARGUMENT", "field user.email:"}, "users", "create", "x", "--email", "not-an-email", "--name", "X")
	c.fails(2, []string{"unknown flag: --nope"}, "users", "list", "--nope")
	c.fails(2, []string{`--mode "MAYBE": want one of DISABLED, ENABLED, SELECTED_GROUP`}, "linkedin", "set", "--mode", "MAYBE")
	c.fails(2, []string{`--output "xml"`}, "users", "list", "-o", "xml")
	c.fails(2, []string{"accepts 1 arg"}, "users", "get")
	c.fails(7, []string{"UNAVAILABLE"}, "users", "list", "--policy-addr", "127.0.0.1:1", "--timeout", "5s")

	noToken := newCtl(t, ten.ID, "")
	noToken.fails(6, []string{"UNAUTHENTICATED", "no token"}, "users", "list")
	user := newCtl(t, ten.ID, as(t, ten.ID, "alice", roleUser).token)
	user.fails(6, []string{"PERMISSION_DENIED"}, "users", "list")
	// Another tenant is not there for this admin: not found, as if it
	// did not exist.
	other := newCtl(t, "contoso", admin.token)
	other.fails(4, []string{"NOT_FOUND"}, "linkedin", "get")
}

// TestCLIObservation: the consent report as CSV, the ledger, sync status,
// purge jobs (waited on), and a live watch of policy's change stream.
func TestCLIObservation(t *testing.T) {
	ten, admin := newTenant(t, "US")
	user := newLinkedInUser(t, admin, ten.ID, "olga")
	for _, name := range []string{"Pat", "Quinn"} {
		simConnect(t, user.memberID, simCreateProfile(t, name, "Tester"))
	}
	connectLinkedIn(t, user.caller, bidirectional)
	waitSyncedAfter(t, user.caller, "", syncSlack)
	c := newCtl(t, ten.ID, admin.token)

	csv := c.ok("consent", "report", "--csv")
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 2 || lines[0] != "user,memberId,direction,connectTime,updateTime" || !strings.HasPrefix(lines[1], "olga,"+user.memberID+",BIDIRECTIONAL,") {
		t.Errorf("consent report --csv:\n%s", csv)
	}
	wantLines(t, "consent report", c.ok("consent", "report"), "1 connected: 1 both ways, 0 LinkedIn to organization only")
	if events := c.ok("consent", "events"); !strings.Contains(events, "GRANTED") || !strings.Contains(events, "olga") {
		t.Errorf("consent events:\n%s", events)
	}
	var status struct {
		Statuses []struct {
			User, State, Reason string
			ContactCount        string
		}
	}
	decode(t, c.ok("sync", "status", "olga", "-o", "json"), &status)
	if len(status.Statuses) != 1 || status.Statuses[0].Reason != "ELIGIBLE" || status.Statuses[0].ContactCount != "2" {
		t.Errorf("sync status olga: %+v", status.Statuses)
	}

	// Watch policy's stream while the mailbox policy is switched off.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	watch := exec.CommandContext(ctx, suite.Liaisonctl, "watch", "policy", "-o", "json")
	watch.Env = append(environment(), "LIAISONCTL_CONFIG="+c.config)
	stdout, err := watch.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = watch.Process.Kill(); _ = watch.Wait() }()
	seen := make(chan string, 16)
	go func() {
		scan := bufio.NewScanner(stdout)
		for scan.Scan() {
			seen <- scan.Text()
		}
		close(seen)
	}()
	time.Sleep(time.Second) // the watch reads the head first: changes after it are streamed
	c.ok("mailbox-policies", "update", defaultMailbox, "--contact-sync=false")
	resource := "tenants/" + ten.ID + "/mailboxPolicies/" + defaultMailbox
	for found := false; !found; {
		select {
		case line, ok := <-seen:
			if !ok {
				t.Fatal("watch ended before the change")
			}
			var change struct{ Tenant, Resource, Operation string }
			decode(t, line, &change)
			found = change.Resource == resource && change.Operation == "UPDATE"
		case <-ctx.Done():
			t.Fatalf("watch policy did not stream the change of %s", resource)
		}
	}

	var jobs struct {
		Jobs []struct{ Id, User, State string }
	}
	eventually(t, syncSlack, "olga's purge job", func() (bool, string) {
		decode(t, c.ok("purge-jobs", "list", "-o", "json"), &jobs)
		return len(jobs.Jobs) > 0, c.ok("purge-jobs", "list")
	})
	done := c.ok("purge-jobs", "wait", jobs.Jobs[0].Id, "--timeout", "60s")
	wantLines(t, "purge-jobs wait", done, "ID USER STATE TRIGGER REASON DELETED CREATED ENDED ERROR")
	if !strings.Contains(done, "DONE") || !strings.Contains(done, "2/2") {
		t.Errorf("purge-jobs wait:\n%s", done)
	}
}

func decode(t *testing.T, text string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(text), v); err != nil {
		t.Fatalf("not the JSON expected (%v):\n%s", err, text)
	}
}
