package tenantconfig

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// TestSchemaEnumsAreTheAPIs: each enum of the schema lists exactly the
// API's values (the unspecified one aside), so a value the API gains or
// loses cannot drift from the published schema.
func TestSchemaEnumsAreTheAPIs(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(Schema, &schema); err != nil {
		t.Fatal(err)
	}
	at := func(path ...string) []string {
		var node any = schema
		for _, p := range path {
			node = node.(map[string]any)[p]
		}
		var values []string
		for _, v := range node.(map[string]any)["enum"].([]any) {
			values = append(values, v.(string))
		}
		slices.Sort(values)
		return values
	}
	api := func(values map[string]int32, except ...string) []string {
		var names []string
		for name, n := range values {
			if n != 0 && !slices.Contains(except, name) {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		return names
	}
	spec := []string{"properties", "spec", "properties"}
	for _, tc := range []struct {
		name        string
		schema, api []string
	}{
		{"linkedin.mode", at(append(spec, "linkedin", "properties", "mode")...), api(policyv1.LinkedInSettings_Mode_value)},
		{"linkedin.maxConsentDirection", at(append(spec, "linkedin", "properties", "maxConsentDirection")...), api(typev1.ConsentDirection_value)},
		{"groups.type", at(append(spec, "groups", "items", "properties", "type")...), api(policyv1.GroupType_value)},
		{"clientPolicy.setting", at("$defs", "clientSetting"), api(policyv1.ClientPolicy_Setting_value)},
		// An override says ENABLED or DISABLED (the API's rule).
		{"clientPolicy.groupOverrides.setting", at(append(spec, "clientPolicy", "properties", "groupOverrides", "items", "properties", "setting")...),
			api(policyv1.ClientPolicy_Setting_value, "NOT_CONFIGURED")},
	} {
		if !slices.Equal(tc.schema, tc.api) {
			t.Errorf("%s: the schema says %v, the API %v", tc.name, tc.schema, tc.api)
		}
	}
}

const valid = `apiVersion: liaison.dev/v1
kind: TenantConfiguration
metadata: {tenant: contoso}
spec:
  linkedin: {mode: SELECTED_GROUP, selectedGroup: pilot, maxConsentDirection: BIDIRECTIONAL}
  groups:
    - {id: pilot, displayName: Pilot, type: SECURITY, members: [groups/core, users/bob]}
    - {id: core, displayName: Core, type: SECURITY, members: [users/alice]}
  mailboxPolicies:
    - {id: Default, linkedinContactSync: true, default: true}
    - {id: Quiet, linkedinContactSync: false, mailboxes: [bob]}
  clientPolicy: {setting: NOT_CONFIGURED, groupOverrides: [{group: core, setting: ENABLED}]}
`

// TestDecodeChecksBeforeAnythingIsSent: the schema's rules and those
// beyond it, each problem named by where it is.
func TestDecodeChecksBeforeAnythingIsSent(t *testing.T) {
	d, err := Decode([]byte(valid))
	if err != nil {
		t.Fatalf("a valid document: %v", err)
	}
	if d.Spec.LinkedIn.SelectedGroup != "pilot" || len(d.Spec.Groups) != 2 || d.Spec.MailboxPolicies[1].Mailboxes[0] != "bob" {
		t.Errorf("decoded %+v", d.Spec)
	}
	// The JSON form is read as well.
	if _, err := Decode([]byte(`{"apiVersion":"liaison.dev/v1","kind":"TenantConfiguration","metadata":{"tenant":"contoso"},
		"spec":{"linkedin":{"mode":"DISABLED","maxConsentDirection":"BIDIRECTIONAL"},"groups":[],
		"mailboxPolicies":[{"id":"D","linkedinContactSync":true,"default":true}],"clientPolicy":{"setting":"ENABLED"}}}`)); err != nil {
		t.Errorf("a valid JSON document: %v", err)
	}
	for _, tc := range []struct{ name, from, to, want string }{
		{"a tenant id with capitals", "tenant: contoso", "tenant: Contoso", "/metadata/tenant"},
		{"no spec", "spec:", "notspec:", "(the document)"},
		{"a key twice", "kind: TenantConfiguration", "kind: TenantConfiguration\nkind: TenantConfiguration", "not YAML or JSON"},
		{"a member that is neither", "users/alice", "people/alice", "/spec/groups/1/members/0"},
		{"a member twice", "[users/alice]", "[users/alice, users/alice]", "/spec/groups/1/members"},
		{"a group twice", "id: core,", "id: pilot,", `/spec/groups/1/id: "pilot" is also group 0`},
		{"an override of NOT_CONFIGURED", "setting: ENABLED}", "setting: NOT_CONFIGURED}", "/spec/clientPolicy/groupOverrides/0/setting"},
		{"an override of a group outside", "{group: core", "{group: nowhere", `/spec/clientPolicy/groupOverrides/0/group: group "nowhere"`},
		{"no default policy", "default: true", "default: false", "not 0"},
		{"a group nesting itself", "members: [users/alice]", "members: [users/alice, groups/core]", "core > core"},
		{"a bad user id", "mailboxes: [bob]", "mailboxes: [Bob]", "/spec/mailboxPolicies/1/mailboxes/0"},
		{"a string for a bool", "linkedinContactSync: false", "linkedinContactSync: nope", "/spec/mailboxPolicies/1/linkedinContactSync"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(valid, tc.from) {
				t.Fatalf("the valid document lacks %q", tc.from)
			}
			_, err := Decode([]byte(strings.Replace(valid, tc.from, tc.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %q", err, tc.want)
			}
		})
	}
}
