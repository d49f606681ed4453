package policy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/liaisonhq/liaison/services/policy/store"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// An erasure (a data-subject request, GDPR article 17) runs as a durable
// job in policy's own queue, one step after another, each step's progress
// committed before the next starts, so a crash anywhere resumes at the
// step it reached; every step is idempotent. The order keeps anything from
// bringing the person back (erasure_steps.go).

// erasureWait is how long EraseUserData waits for the erasure to finish
// before answering with it under way.
const erasureWait = 5 * time.Second

// EraseUserData starts erasing a user and answers the erasure, done or
// under way.
func (s *Service) EraseUserData(ctx context.Context, req *policyv1.EraseUserDataRequest) (*policyv1.EraseUserDataResponse, error) {
	if s.peers.Consent == nil || s.peers.ContactSync == nil {
		return nil, apierror.Unavailable("data erasure (policy needs the consent and contact-sync services' addresses)")
	}
	e := &store.Erasure{
		Erasure: &policyv1.Erasure{
			Id: randomHex(16), Tenant: req.Tenant, Pseudonym: "erased-" + randomHex(8),
			State: policyv1.Erasure_PENDING, Actor: auth.Actor(ctx), CreateTime: timestamppb.New(s.now()),
			Receipts: []*policyv1.ErasureReceipt{
				{Service: "consent", State: policyv1.Erasure_PENDING},
				{Service: "policy", State: policyv1.Erasure_PENDING},
				{Service: "contact-sync", State: policyv1.Erasure_PENDING},
			},
		},
		Subject: req.User,
	}
	err := s.write(ctx, req.Tenant, func(j *journal) error {
		if _, err := j.tx.GetTenant(ctx, req.Tenant); err != nil {
			return storeError(err, "tenant", req.Tenant)
		}
		// One erasure of a person at a time: asking again joins it.
		switch active, err := j.tx.ActiveErasure(ctx, req.Tenant, req.User); {
		case err == nil:
			e = active
			return nil
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		// The request is audited under the erasure, which never names the
		// person: only the pseudonym that will replace them.
		err := j.record(ctx, erasureResource(req.Tenant, e.Id), policyv1.Change_CREATE, nil, func(int64) (proto.Message, error) {
			return erasureRecord(e), nil
		})
		if err != nil {
			return err
		}
		if err := j.tx.PutErasure(ctx, e); err != nil {
			return err
		}
		_, err = s.jobs.Insert(ctx, j.tx.Platform(), erasureArgs{Tenant: req.Tenant, Erasure: e.Id}, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	done, err := s.awaitErasure(ctx, req.Tenant, e.Id, erasureWait)
	if err != nil {
		return nil, err
	}
	return &policyv1.EraseUserDataResponse{Erasure: done}, nil
}

// GetErasure returns an erasure.
func (s *Service) GetErasure(ctx context.Context, req *policyv1.GetErasureRequest) (*policyv1.GetErasureResponse, error) {
	e, err := s.store.GetErasure(ctx, req.Tenant, req.Erasure)
	if err != nil {
		return nil, storeError(err, "erasure", req.Erasure)
	}
	return &policyv1.GetErasureResponse{Erasure: e.Erasure}, nil
}

// awaitErasure waits up to wait for the erasure to be done, and returns it
// as it stands then.
func (s *Service) awaitErasure(ctx context.Context, tenant, id string, wait time.Duration) (*policyv1.Erasure, error) {
	deadline := time.Now().Add(wait)
	for {
		e, err := s.store.GetErasure(ctx, tenant, id)
		if err != nil {
			return nil, err
		}
		if e.State == policyv1.Erasure_DONE || time.Now().After(deadline) {
			return e.Erasure, nil
		}
		select {
		case <-ctx.Done():
			return e.Erasure, nil
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// erasureRecord is an erasure as the audit log shows it: never its subject.
func erasureRecord(e *store.Erasure) *structpb.Struct {
	s, _ := structpb.NewStruct(map[string]any{"id": e.Id, "pseudonym": e.Pseudonym, "state": e.State.String()})
	return s
}

func erasureResource(tenant, id string) string { return tenantResource(tenant) + "/erasures/" + id }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
