// Package tenantconfig is configuration as code: a tenant's whole
// configuration (the LinkedIn setting, groups and their members, mailbox
// policies and the mailboxes they apply to, the client policy) as one
// versioned document, read from the services (export), checked against its
// published JSON Schema, compared with the tenant (plan) and applied with
// etags, so a change made meanwhile by someone else is detected instead of
// overwritten.
package tenantconfig

import (
	"bytes"
	"encoding/json"
	"fmt"

	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// The document's version and kind. A later version of the format gets a
// new APIVersion; this one is read only in this version.
const (
	APIVersion = "liaison.dev/v1"
	Kind       = "TenantConfiguration"
)

// Document is a tenant's configuration.
type Document struct {
	APIVersion string   `json:"apiVersion" yaml:"apiVersion"`
	Kind       string   `json:"kind" yaml:"kind"`
	Metadata   Metadata `json:"metadata" yaml:"metadata"`
	Spec       Spec     `json:"spec" yaml:"spec"`
}

// Metadata say which tenant the document is for. ExportTime is
// informational: apply ignores it.
type Metadata struct {
	Tenant     string `json:"tenant" yaml:"tenant"`
	ExportTime string `json:"exportTime,omitempty" yaml:"exportTime,omitempty"`
}

// Spec is the configuration itself. Every list is the whole of it: what
// the tenant has and the document lacks is deleted by apply.
type Spec struct {
	LinkedIn        LinkedIn        `json:"linkedin" yaml:"linkedin"`
	Groups          []Group         `json:"groups" yaml:"groups"`
	MailboxPolicies []MailboxPolicy `json:"mailboxPolicies" yaml:"mailboxPolicies"`
	ClientPolicy    ClientPolicy    `json:"clientPolicy" yaml:"clientPolicy"`
}

// LinkedIn is the LinkedIn account connections setting.
type LinkedIn struct {
	// Mode is ENABLED (Yes), SELECTED_GROUP or DISABLED (No).
	Mode          string `json:"mode" yaml:"mode"`
	SelectedGroup string `json:"selectedGroup,omitempty" yaml:"selectedGroup,omitempty"`
	// MaxConsentDirection is the widest consent users may give.
	MaxConsentDirection string `json:"maxConsentDirection" yaml:"maxConsentDirection"`
}

// Group is a directory group and its direct members ("users/ID" or
// "groups/ID").
type Group struct {
	ID          string   `json:"id" yaml:"id"`
	DisplayName string   `json:"displayName" yaml:"displayName"`
	Type        string   `json:"type" yaml:"type"`
	Description string   `json:"description,omitempty" yaml:"description,omitempty"`
	Members     []string `json:"members,omitempty" yaml:"members,omitempty"`
}

// MailboxPolicy is a mailbox policy and the users whose mailboxes it is
// assigned to; users in no policy's list follow the default.
type MailboxPolicy struct {
	ID                  string   `json:"id" yaml:"id"`
	LinkedInContactSync bool     `json:"linkedinContactSync" yaml:"linkedinContactSync"`
	Default             bool     `json:"default,omitempty" yaml:"default,omitempty"`
	Mailboxes           []string `json:"mailboxes,omitempty" yaml:"mailboxes,omitempty"`
}

// ClientPolicy is the Office apps policy.
type ClientPolicy struct {
	Setting        string          `json:"setting" yaml:"setting"`
	GroupOverrides []GroupOverride `json:"groupOverrides,omitempty" yaml:"groupOverrides,omitempty"`
}

// GroupOverride sets the client policy for one group's members.
type GroupOverride struct {
	Group   string `json:"group" yaml:"group"`
	Setting string `json:"setting" yaml:"setting"`
}

// Encode writes d as YAML, its keys in the order of the types above (ids
// first), which reads better than sorted keys.
func (d *Document) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := yamlv3.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// Decode reads a document in YAML or JSON: it must pass the schema first,
// then the rules a schema cannot say (ids unique, one default policy, a
// mailbox in one policy at most, references to groups of the document).
func Decode(b []byte) (*Document, error) {
	raw, err := yaml.YAMLToJSONStrict(b)
	if err != nil {
		return nil, &InvalidError{Problems: []string{fmt.Sprintf("not YAML or JSON: %v", err)}}
	}
	if err := validateSchema(raw); err != nil {
		return nil, err
	}
	var d Document
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, &InvalidError{Problems: []string{err.Error()}}
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	return &d, nil
}
