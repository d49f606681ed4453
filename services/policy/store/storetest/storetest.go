// Package storetest is the conformance suite of the policy store: the
// behaviour every backend must show, checked through the store.Store
// interface alone, so SQLite and PostgreSQL are held to the same contract.
package storetest

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// testCase is one behaviour, checked on a store of its own.
type testCase struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// Run checks the stores that open returns. open must return a fresh, empty,
// migrated store and close it in a t.Cleanup of its own; it is called from
// parallel subtests.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	groups := []struct {
		name  string
		cases []testCase
	}{
		{"Tenants", tenantCases()},
		{"Users", userCases()},
		{"Groups", groupCases()},
		{"LinkedInSettings", linkedInCases()},
		{"ClientPolicy", clientPolicyCases()},
		{"MailboxPolicies", mailboxPolicyCases()},
		{"ChangeLog", changeLogCases()},
		{"AuditLog", auditCases()},
		{"Transactions", transactionCases()},
		{"Snapshot", snapshotCases()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					c.run(t, open(t))
				})
			}
		})
	}
}

// base is the time test data starts from; whole microseconds, the
// precision the store keeps.
var base = time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)

// at is a distinct, stored-precision time n seconds after base.
func at(n int) *timestamppb.Timestamp {
	return timestamppb.New(base.Add(time.Duration(n) * time.Second))
}

// write runs fn in one transaction and stops the test when it fails.
func write(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Write(t.Context(), fn); err != nil {
		t.Fatalf("Write: %v", err)
	}
}

// writeErr runs fn in one transaction and returns its error: for the
// writes expected to fail, each in its own transaction because a failed
// statement spoils the rest of a PostgreSQL transaction.
func writeErr(t *testing.T, s store.Store, fn func(tx store.Tx) error) error {
	t.Helper()
	return s.Write(t.Context(), fn)
}

// wantErr fails the test unless err is target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want %v", what, err, target)
	}
}

// noErr stops the test on an unexpected error.
func noErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantProto fails the test unless got equals want.
func wantProto(t *testing.T, what string, got, want proto.Message) {
	t.Helper()
	if !proto.Equal(got, want) {
		t.Errorf("%s:\n got: %v\nwant: %v", what, got, want)
	}
}

// wantEqual fails the test unless got equals want.
func wantEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// wantSlice fails the test unless got and want hold the same items in the
// same order.
func wantSlice[T comparable](t *testing.T, what string, got, want []T) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// sorted returns a sorted copy, for results whose order is not promised.
func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// etag is the etag of a resource last written at revision.
func etag(revision int64) string { return strconv.FormatInt(revision, 10) }

// newTenant creates tenant id in its own transaction.
func newTenant(t *testing.T, s store.Store, id string) *policyv1.Tenant {
	t.Helper()
	tenant := &policyv1.Tenant{
		Id:           id,
		DisplayName:  "Tenant " + id,
		Cloud:        policyv1.Cloud_PUBLIC,
		DataLocation: "DE",
		CreateTime:   at(0),
	}
	write(t, s, func(tx store.Tx) error { return tx.CreateTenant(t.Context(), tenant) })
	return tenant
}

// record logs a change of resource in tenant and returns its revision.
func record(t *testing.T, tx store.Tx, tenant, resource string) (int64, error) {
	t.Helper()
	return tx.Record(t.Context(), &policyv1.Change{
		Tenant: tenant, Resource: resource, Operation: policyv1.Change_UPDATE, Time: at(1),
	})
}

// ids lists the ids of users, groups or policies, in the order given.
func ids[T interface{ GetId() string }](items []T) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = item.GetId()
	}
	return out
}
