package tenantconfig

import (
	"context"
	"github.com/liaisonhq/liaison/cli/internal/pages"
	"slices"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// pageSize is the page the snapshot reads lists in.
const pageSize = 200

// Snapshot is a tenant's configuration as the services hold it, with the
// etag of each part, so apply can write "only if nobody changed it since".
type Snapshot struct {
	Tenant       string
	Settings     *policyv1.LinkedInSettings
	Groups       map[string]*GroupState
	Policies     map[string]*policyv1.MailboxPolicy
	Users        map[string]*policyv1.User
	ClientPolicy *policyv1.ClientPolicy
}

// GroupState is a group with its direct members.
type GroupState struct {
	Group   *policyv1.Group
	Members []string
}

// Read takes a snapshot of tenant's configuration from the policy service.
func Read(ctx context.Context, p policyv1.PolicyServiceClient, tenant string) (*Snapshot, error) {
	s := &Snapshot{Tenant: tenant, Groups: map[string]*GroupState{}, Policies: map[string]*policyv1.MailboxPolicy{}, Users: map[string]*policyv1.User{}}
	settings, err := p.GetLinkedInSettings(ctx, &policyv1.GetLinkedInSettingsRequest{Tenant: tenant})
	if err != nil {
		return nil, err
	}
	s.Settings = settings.Settings
	client, err := p.GetClientPolicy(ctx, &policyv1.GetClientPolicyRequest{Tenant: tenant})
	if err != nil {
		return nil, err
	}
	s.ClientPolicy = client.Policy
	groups, err := pages.All(0, func(token string) ([]*policyv1.Group, string, error) {
		resp, err := p.ListGroups(ctx, &policyv1.ListGroupsRequest{Tenant: tenant, PageSize: pageSize, PageToken: token})
		return resp.GetGroups(), resp.GetNextPageToken(), err
	})
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		// The group again with its members: its etag is the one that goes
		// with them.
		full, err := p.GetGroup(ctx, &policyv1.GetGroupRequest{Tenant: tenant, Group: g.Id})
		if err != nil {
			return nil, err
		}
		s.Groups[g.Id] = &GroupState{Group: full.Group, Members: full.Members}
	}
	policies, err := pages.All(0, func(token string) ([]*policyv1.MailboxPolicy, string, error) {
		resp, err := p.ListMailboxPolicies(ctx, &policyv1.ListMailboxPoliciesRequest{Tenant: tenant, PageSize: pageSize, PageToken: token})
		return resp.GetPolicies(), resp.GetNextPageToken(), err
	})
	if err != nil {
		return nil, err
	}
	for _, mp := range policies {
		s.Policies[mp.Id] = mp
	}
	users, err := pages.All(0, func(token string) ([]*policyv1.User, string, error) {
		resp, err := p.ListUsers(ctx, &policyv1.ListUsersRequest{Tenant: tenant, PageSize: pageSize, PageToken: token})
		return resp.GetUsers(), resp.GetNextPageToken(), err
	})
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		s.Users[u.Id] = u
	}
	return s, nil
}

// Document is the snapshot as a configuration document, every list in id
// order so two exports of the same configuration are the same file.
func (s *Snapshot) Document(now time.Time) *Document {
	d := &Document{APIVersion: APIVersion, Kind: Kind, Metadata: Metadata{Tenant: s.Tenant, ExportTime: now.UTC().Format(time.RFC3339)}}
	d.Spec.LinkedIn = LinkedIn{
		Mode:                s.Settings.Mode.String(),
		SelectedGroup:       s.Settings.SelectedGroup,
		MaxConsentDirection: s.Settings.MaxConsentDirection.String(),
	}
	for _, id := range sortedKeys(s.Groups) {
		g := s.Groups[id]
		d.Spec.Groups = append(d.Spec.Groups, Group{
			ID: id, DisplayName: g.Group.DisplayName, Type: g.Group.Type.String(), Description: g.Group.Description,
			Members: slices.Sorted(slices.Values(g.Members)),
		})
	}
	assigned := map[string][]string{}
	for _, id := range sortedKeys(s.Users) {
		if policy := s.Users[id].MailboxPolicy; policy != "" {
			assigned[policy] = append(assigned[policy], id)
		}
	}
	for _, id := range sortedKeys(s.Policies) {
		mp := s.Policies[id]
		d.Spec.MailboxPolicies = append(d.Spec.MailboxPolicies, MailboxPolicy{
			ID: id, LinkedInContactSync: mp.GetLinkedinContactSyncEnabled(), Default: mp.IsDefault, Mailboxes: assigned[id],
		})
	}
	d.Spec.ClientPolicy.Setting = s.ClientPolicy.Setting.String()
	for _, o := range s.ClientPolicy.GroupOverrides {
		d.Spec.ClientPolicy.GroupOverrides = append(d.Spec.ClientPolicy.GroupOverrides, GroupOverride{Group: o.Group, Setting: o.Setting.String()})
	}
	return d
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
