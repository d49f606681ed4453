package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// seedTenant creates the bench tenant through policy's API and says how long
// it took.
func seedTenant(ctx context.Context, c *clients, gatewayURL string, dir directory, workers int) error {
	operator, err := mintToken(ctx, c.http, gatewayURL, identity{User: "bench-operator", Roles: []string{"Operator"}})
	if err != nil {
		return err
	}
	admin, err := mintToken(ctx, c.http, gatewayURL, identity{Tenant: benchTenant, User: "bench-admin", Roles: []string{"TenantAdmin"}})
	if err != nil {
		return err
	}
	start := time.Now()
	err = seeder{
		client: c.policy, operator: withBearer(ctx, operator), admin: withBearer(ctx, admin), dir: dir, workers: workers,
	}.seed()
	if err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	fmt.Printf("seeded tenant %q: %d users, %d of them in groups g1 ⊃ g2 ⊃ g3 ⊃ g4 ⊃ g5 (selected: %s), with %d workers in %.1fs\n",
		benchTenant, dir.users, dir.members(), selectedGroup, workers, time.Since(start).Seconds())
	return nil
}

// seeder fills policy with the bench tenant through its public gRPC API,
// the way a provisioning tool would.
type seeder struct {
	client   policyv1.PolicyServiceClient
	operator context.Context // carries an Operator token
	admin    context.Context // carries a TenantAdmin token of the bench tenant
	dir      directory
	workers  int
}

// seed creates the tenant, the nested groups and the users, then restricts
// LinkedIn to the top group so every decision depends on the nesting.
func (s seeder) seed() error {
	_, err := s.client.CreateTenant(s.operator, &policyv1.CreateTenantRequest{Tenant: &policyv1.Tenant{
		Id: benchTenant, DisplayName: "Bench", Cloud: policyv1.Cloud_PUBLIC, DataLocation: "US",
	}})
	if err != nil {
		return fmt.Errorf("create tenant: %w", err)
	}
	if err := s.groups(); err != nil {
		return err
	}
	if err := s.users(); err != nil {
		return err
	}
	_, err = s.client.UpdateLinkedInSettings(s.admin, &policyv1.UpdateLinkedInSettingsRequest{
		Tenant: benchTenant,
		Settings: &policyv1.LinkedInSettings{
			Mode: policyv1.LinkedInSettings_SELECTED_GROUP, SelectedGroup: selectedGroup,
		},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode", "selected_group"}},
	})
	if err != nil {
		return fmt.Errorf("select group %s: %w", selectedGroup, err)
	}
	return nil
}

// groups creates g1..g5 with each one a member of the one above it.
func (s seeder) groups() error {
	for level := 1; level <= nestingDepth; level++ {
		id := s.dir.groupID(level)
		_, err := s.client.CreateGroup(s.admin, &policyv1.CreateGroupRequest{Tenant: benchTenant, Group: &policyv1.Group{
			Id: id, DisplayName: "Bench level " + fmt.Sprint(level), Type: policyv1.GroupType_SECURITY,
		}})
		if err != nil {
			return fmt.Errorf("create group %s: %w", id, err)
		}
		if level > 1 {
			if err := s.addMember(s.admin, s.dir.groupID(level-1), "groups/"+id); err != nil {
				return err
			}
		}
	}
	return nil
}

// users creates every user, and its group membership if it has one, with
// several workers at once: one at a time would spend most of the run
// waiting on round trips.
func (s seeder) users() error {
	return forEach(s.admin, s.dir.users, s.workers, s.user)
}

// forEach calls do for 0..n-1 with workers goroutines, and stops at the
// first error, which it returns.
func forEach(ctx context.Context, n, workers int, do func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range n {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				if err := do(ctx, i); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

func (s seeder) user(ctx context.Context, i int) error {
	id := s.dir.userID(i)
	_, err := s.client.CreateUser(ctx, &policyv1.CreateUserRequest{Tenant: benchTenant, User: &policyv1.User{
		Id: id, Email: s.dir.email(i), DisplayName: "Bench user " + id,
	}})
	if err != nil {
		return fmt.Errorf("create user %s: %w", id, err)
	}
	if level := s.dir.groupOf(i); level != 0 {
		return s.addMember(ctx, s.dir.groupID(level), "users/"+id)
	}
	return nil
}

func (s seeder) addMember(ctx context.Context, group, member string) error {
	_, err := s.client.AddGroupMember(ctx, &policyv1.AddGroupMemberRequest{Tenant: benchTenant, Group: group, Member: member})
	if err != nil {
		return fmt.Errorf("add %s to %s: %w", member, group, err)
	}
	return nil
}
