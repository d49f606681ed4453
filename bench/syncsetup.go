package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// The contact-sync bench's tenant: one user per mailbox, each the owner of
// a member of a network the simulator generates (exactly M connections
// each), with the member's email so consent's login_hint finds the member.
// The tenant's LinkedIn setting is Yes throughout the setup, and its default
// mailbox policy switches contact sync off: users can connect (policy's
// ACCOUNT_CONNECTION) but none is eligible to sync, so connecting them,
// which takes a while, starts no sync. Switching contact sync on starts
// every mailbox's first sync at once: that is what is timed.
const (
	syncTenant           = "bench-sync"
	defaultMailboxPolicy = "OwaMailboxPolicy-Default"
	networkSeed          = 1
)

// mailboxUser is the id of the i-th mailbox's owner.
func mailboxUser(i int) string { return fmt.Sprintf("s%05d", i) }

// mailbox is a mailbox's owner: a user of the tenant and the member of the
// network with the user's email.
type mailbox struct{ user, email, memberID string }

// setupTimes say how long each step of the setup took.
type setupTimes struct {
	stack, network, tenant, connect, known time.Duration
}

func (t setupTimes) total() time.Duration {
	return t.stack + t.network + t.tenant + t.connect + t.known
}

// setUp generates the network, seeds the tenant, connects every mailbox's
// owner through consent's OAuth flow, and waits until contact-sync knows
// every mailbox (not eligible yet).
func (x *syncSession) setUp(ctx context.Context, times *setupTimes) (err error) {
	step := time.Now()
	lap := func(d *time.Duration) { *d, step = time.Since(step), time.Now() }
	if x.boxes, err = x.generateNetwork(ctx); err != nil {
		return err
	}
	lap(&times.network)
	if err := x.seedTenant(ctx); err != nil {
		return err
	}
	lap(&times.tenant)
	if err := x.connectOwners(ctx); err != nil {
		return err
	}
	lap(&times.connect)
	if err := x.waitKnown(ctx); err != nil {
		return err
	}
	lap(&times.known)
	return nil
}

// generateNetwork has the simulator generate the network and returns its
// first members as the mailboxes' owners. The generator needs more members
// than connections each; with an odd count of each, one more.
func (x *syncSession) generateNetwork(ctx context.Context) ([]mailbox, error) {
	members := max(x.size.mailboxes, x.size.connections+1)
	if members%2 == 1 && x.size.connections%2 == 1 {
		members++
	}
	body, _ := json.Marshal(map[string]any{"members": members, "connectionsEach": x.size.connections, "seed": networkSeed})
	var generated struct {
		IDPrefix string `json:"idPrefix"`
	}
	if err := simJSON(ctx, x.c.sim, http.MethodPost, x.s.simURL+"/sim/generate", body, http.StatusCreated, &generated); err != nil {
		return nil, err
	}
	var list struct {
		Members []struct {
			ID             string   `json:"id"`
			VerifiedEmails []string `json:"verifiedEmails"`
		} `json:"members"`
	}
	if err := simJSON(ctx, x.c.sim, http.MethodGet, x.s.simURL+"/sim/members", nil, http.StatusOK, &list); err != nil {
		return nil, err
	}
	var boxes []mailbox
	for _, m := range list.Members {
		// The demo network stays beside the generated one.
		if strings.HasPrefix(m.ID, generated.IDPrefix) && len(m.VerifiedEmails) > 0 {
			boxes = append(boxes, mailbox{email: m.VerifiedEmails[0], memberID: m.ID})
		}
	}
	slices.SortFunc(boxes, func(a, b mailbox) int { return strings.Compare(a.memberID, b.memberID) })
	if len(boxes) < x.size.mailboxes {
		return nil, fmt.Errorf("the simulator generated %d members with emails, want at least %d", len(boxes), x.size.mailboxes)
	}
	boxes = boxes[:x.size.mailboxes]
	for i := range boxes {
		boxes[i].user = mailboxUser(i)
	}
	return boxes, nil
}

// seedTenant creates the tenant, switches contact sync off in its default
// mailbox policy, and creates a user per mailbox.
func (x *syncSession) seedTenant(ctx context.Context) error {
	operator, err := mintToken(ctx, x.c.http, x.s.gatewayURL, identity{User: "bench-operator", Roles: []string{"Operator"}})
	if err != nil {
		return err
	}
	_, err = x.c.policy.CreateTenant(withBearer(ctx, operator), &policyv1.CreateTenantRequest{Tenant: &policyv1.Tenant{
		Id: syncTenant, DisplayName: "Bench contact sync", Cloud: policyv1.Cloud_PUBLIC, DataLocation: "US",
	}})
	if err != nil {
		return fmt.Errorf("create tenant %s: %w", syncTenant, err)
	}
	if x.admin, err = mintToken(ctx, x.c.http, x.s.gatewayURL, identity{Tenant: syncTenant, User: "bench-admin", Roles: []string{"TenantAdmin"}}); err != nil {
		return err
	}
	if err := x.setContactSync(ctx, false); err != nil {
		return err
	}
	return forEach(withBearer(ctx, x.admin), len(x.boxes), x.workers, func(ctx context.Context, i int) error {
		b := x.boxes[i]
		_, err := x.c.policy.CreateUser(ctx, &policyv1.CreateUserRequest{Tenant: syncTenant, User: &policyv1.User{
			Id: b.user, Email: b.email, DisplayName: "Bench mailbox " + b.user,
		}})
		if err != nil {
			return fmt.Errorf("create user %s: %w", b.user, err)
		}
		return nil
	})
}

// setContactSync switches contact sync on or off in the tenant's default
// mailbox policy, which every user follows.
func (x *syncSession) setContactSync(ctx context.Context, on bool) error {
	_, err := x.c.policy.UpdateMailboxPolicy(withBearer(ctx, x.admin), &policyv1.UpdateMailboxPolicyRequest{
		Tenant:     syncTenant,
		Policy:     &policyv1.MailboxPolicy{Id: defaultMailboxPolicy, LinkedinContactSyncEnabled: proto.Bool(on)},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"linkedin_contact_sync_enabled"}},
	})
	if err != nil {
		return fmt.Errorf("switch contact sync to %v in %s: %w", on, defaultMailboxPolicy, err)
	}
	return nil
}

// connectOwners connects every mailbox's owner to their member, one way
// (LinkedIn to the organization: what contact sync needs, with no export
// of the user's own contacts), with workers at once, and mints each owner
// a token for asking for syncs later.
func (x *syncSession) connectOwners(ctx context.Context) error {
	x.tokens = make([]string, len(x.boxes))
	return forEach(ctx, len(x.boxes), x.workers, func(ctx context.Context, i int) error {
		b := x.boxes[i]
		if _, err := connectMember(ctx, x.c, x.s, syncTenant, b.user, b.memberID, typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION); err != nil {
			return err
		}
		var err error
		x.tokens[i], err = mintToken(ctx, x.c.http, x.s.gatewayURL, identity{Tenant: syncTenant, User: b.user, Roles: []string{"User"}})
		return err
	})
}

// simJSON calls the simulator's admin API and decodes its answer into out.
func simJSON(ctx context.Context, client *http.Client, method, url string, body []byte, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %s: %.300s", method, url, resp.Status, data)
	}
	return json.Unmarshal(data, out)
}
