// Package storetest is the conformance suite of the policy store: the
// behaviour every backend must show, checked through the store.Store
// interface alone, so SQLite and PostgreSQL are held to the same contract.
package storetest

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// testCase is one behaviour, checked on a store of its own.
type testCase = sqlstoretest.Case[store.Store]

// caseGroup is a named set of cases, a subtest of Run.
type caseGroup = sqlstoretest.Group[store.Store]

// Run checks the stores that open returns. open must return a fresh, empty,
// migrated store and close it in a t.Cleanup of its own; it is called from
// parallel subtests.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	sqlstoretest.Run(t, open,
		caseGroup{Name: "Tenants", Cases: tenantCases()},
		caseGroup{Name: "Users", Cases: userCases()},
		caseGroup{Name: "Groups", Cases: groupCases()},
		caseGroup{Name: "LinkedInSettings", Cases: linkedInCases()},
		caseGroup{Name: "ClientPolicy", Cases: clientPolicyCases()},
		caseGroup{Name: "MailboxPolicies", Cases: mailboxPolicyCases()},
		caseGroup{Name: "ChangeLog", Cases: changeLogCases()},
		caseGroup{Name: "AuditLog", Cases: auditCases()},
		caseGroup{Name: "Transactions", Cases: transactionCases()},
		caseGroup{Name: "Snapshot", Cases: snapshotCases()},
		caseGroup{Name: "Erasure", Cases: erasureCases()},
	)
}

// base is the time test data starts from; whole microseconds, the
// precision the store keeps.
var base = time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)

// at is a distinct, stored-precision time n seconds after base.
func at(n int) *timestamppb.Timestamp {
	return timestamppb.New(base.Add(time.Duration(n) * time.Second))
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
	sqlstoretest.Write(t, s, func(tx store.Tx) error { return tx.CreateTenant(t.Context(), tenant) })
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
