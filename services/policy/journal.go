package policy

import (
	"context"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/requestid"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// journal records the changes of one write transaction: each goes to the
// change log and the audit log in the same transaction as the change.
type journal struct {
	tx        store.Tx
	tenant    string
	actor     string
	action    string
	requestID string
	now       time.Time
	last      int64
}

// write runs fn in a transaction for tenant. Each change it records goes to
// the change log, which, once the transaction commits, drops the tenant's
// decision model before write returns (so the caller's next decision
// already sees the change) and wakes watchers.
func (s *Service) write(ctx context.Context, tenant string, fn func(*journal) error) error {
	j := &journal{
		tenant:    tenant,
		actor:     auth.Actor(ctx),
		action:    action(ctx),
		requestID: requestid.From(ctx),
		now:       s.now().UTC().Truncate(time.Microsecond),
	}
	return s.store.Write(ctx, func(tx store.Tx) error {
		j.tx = tx
		return fn(j)
	})
}

// record logs one change of resource: it takes the revision, lets persist
// write the resource at that revision and return its new state (nil when
// deleted), and stores the audit entry with before and after.
func (j *journal) record(ctx context.Context, resource string, op policyv1.Change_Operation, before proto.Message,
	persist func(revision int64) (proto.Message, error)) error {
	rev, err := j.tx.Record(ctx, &policyv1.Change{
		Tenant: j.tenant, Resource: resource, Operation: op, Time: timestamppb.New(j.now),
	})
	if err != nil {
		return err
	}
	after, err := persist(rev)
	if err != nil {
		return err
	}
	event := &policyv1.AuditEvent{
		Revision: rev, Actor: j.actor, Action: j.action, Resource: resource, RequestId: j.requestID,
	}
	if event.Before, err = toStruct(before); err != nil {
		return err
	}
	if event.After, err = toStruct(after); err != nil {
		return err
	}
	j.last = rev
	return j.tx.Audit(ctx, event)
}

// toStruct renders a resource as its API JSON, for the audit log.
func toStruct(m proto.Message) (*structpb.Struct, error) {
	if m == nil || !m.ProtoReflect().IsValid() {
		return nil, nil
	}
	b, err := protojson.Marshal(m)
	if err != nil {
		return nil, err
	}
	s := &structpb.Struct{}
	return s, protojson.Unmarshal(b, s)
}

// action is the RPC making the change, e.g. "UpdateUser".
func action(ctx context.Context) string {
	method, ok := grpc.Method(ctx)
	if !ok {
		return "system"
	}
	return method[strings.LastIndex(method, "/")+1:]
}

// bookkeeping are the fields a write sets itself; they do not make two
// versions of a resource differ.
var bookkeeping = []protoreflect.Name{"etag", "update_time", "update_actor", "create_time"}

// unchanged reports whether an update leaves a resource as it was, the
// bookkeeping aside: such an update writes nothing (no revision, no audit
// entry, no wake-up) and answers the resource as it stands.
func unchanged(before, after proto.Message) bool {
	a, b := proto.Clone(before), proto.Clone(after)
	for _, m := range []proto.Message{a, b} {
		r := m.ProtoReflect()
		for _, name := range bookkeeping {
			if fd := r.Descriptor().Fields().ByName(name); fd != nil {
				r.Clear(fd)
			}
		}
	}
	return proto.Equal(a, b)
}
