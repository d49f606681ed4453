package ctl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

var changeColumns = []column[*policyv1.Change]{
	{"REVISION", func(c *policyv1.Change) string { return fmt.Sprint(c.Revision) }},
	{"TIME", func(c *policyv1.Change) string { return when(c.Time) }},
	{"TENANT", (*policyv1.Change).GetTenant},
	{"OPERATION", func(c *policyv1.Change) string { return enum(c.Operation) }},
	{"RESOURCE", (*policyv1.Change).GetResource},
}

// watchRetry is how long a broken stream waits before it resumes.
const watchRetry = 2 * time.Second

func watchCommand(s *session) *cobra.Command {
	var from int64
	var allTenants bool
	c := &cobra.Command{
		Use:   "watch policy|consent",
		Short: "Follow a service's change stream: policy's changes, or consent's ledger, as they happen",
		Long: `Follow a service's change stream until interrupted. Each change is a line:
a table row, or one JSON object per line with -o json. A broken stream resumes
where it stopped; a stream that fell behind the service's retention ends with
OUT_OF_RANGE (REVISION_EXPIRED): read afresh and watch from the head.`,
		Example: `  liaisonctl watch policy                 # the tenant's changes from now on
  liaisonctl watch consent --from 0 -o json  # the whole ledger, then new events
  liaisonctl watch policy --all-tenants       # operators: every tenant`,
		Args:      args(cobra.ExactArgs(1)),
		ValidArgs: []string{"policy", "consent"},
		Annotations: map[string]string{
			longRunning: "true",
		},
		RunE: run(s, func(ctx context.Context, a []string) error {
			tenant := ""
			if !allTenants {
				var err error
				if tenant, err = s.tenant(); err != nil {
					return err
				}
			}
			switch a[0] {
			case "policy":
				return watchPolicy(ctx, s, tenant, from)
			case "consent":
				return watchConsent(ctx, s, tenant, from)
			}
			return usageErrorf("watch %q: want policy or consent (contact-sync and profile-card follow these two; they keep no stream of their own)", a[0])
		}),
	}
	c.Flags().Int64Var(&from, "from", -1, "start after this revision (0: from the oldest kept; default: from now)")
	c.Flags().BoolVar(&allTenants, "all-tenants", false, "every tenant's changes (operators)")
	return c
}

// follow runs one stream after another from the revision reached, until
// ctx ends or a failure that retrying cannot mend. open starts a stream
// after a revision; recv reads its next message and returns the revision it
// reached.
func follow(ctx context.Context, s *session, from int64, head func(context.Context) (int64, error),
	open func(context.Context, int64) (func() (int64, error), error)) error {
	if from < 0 {
		h, err := head(ctx)
		if err != nil {
			return err
		}
		from = h
	}
	printed := false
	for {
		recv, err := open(ctx, from)
		for err == nil {
			var rev int64
			if rev, err = recv(); err == nil && rev > from {
				from = rev
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if !retryable(err) {
			return err
		}
		if !printed {
			fmt.Fprintf(s.errOut, "liaisonctl: the stream broke (%v); resuming after revision %d\n", err, from)
			printed = true
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(watchRetry):
		}
	}
}

// retryable: the stream ended or the service is away for now.
func retryable(err error) bool {
	if errors.Is(err, io.EOF) {
		return true
	}
	c := status.Code(err)
	return c == codes.Unavailable || c == codes.Canceled || c == codes.Internal && errors.Is(err, io.ErrUnexpectedEOF)
}

// stream is one service's change stream, as watch reads it.
type stream[T proto.Message] struct {
	// head is the revision "now" starts after.
	head func(context.Context) (int64, error)
	// open starts a stream after a revision; next reads its next batch
	// and the revision it reaches.
	open    func(ctx context.Context, after int64) (next func() ([]T, int64, error), err error)
	columns []column[T]
}

// watchStream prints a stream's messages as they come, from after from.
func watchStream[T proto.Message](ctx context.Context, s *session, from int64, st stream[T]) error {
	streamHeader(s, st.columns)
	return follow(ctx, s, from, st.head, func(ctx context.Context, after int64) (func() (int64, error), error) {
		next, err := st.open(ctx, after)
		if err != nil {
			return nil, err
		}
		return func() (int64, error) {
			batch, rev, err := next()
			if err != nil {
				return 0, err
			}
			for _, m := range batch {
				if err := streamRow(s, m, st.columns); err != nil {
					return 0, err
				}
			}
			return rev, nil
		}, nil
	})
}

func watchPolicy(ctx context.Context, s *session, tenant string, from int64) error {
	p, err := s.policy()
	if err != nil {
		return err
	}
	return watchStream(ctx, s, from, stream[*policyv1.Change]{
		columns: changeColumns,
		head: func(ctx context.Context) (int64, error) {
			if tenant == "" {
				resp, err := p.GetHeadRevision(ctx, &policyv1.GetHeadRevisionRequest{})
				return resp.GetRevision(), err
			}
			// A tenant's admin may not read the head of every tenant's
			// log: the tenant's own newest change (each has its audit
			// entry at the same revision) is "now" for its stream.
			resp, err := p.ListAuditEvents(ctx, &policyv1.ListAuditEventsRequest{Tenant: tenant, PageSize: 1})
			return newest(resp.GetEvents(), (*policyv1.AuditEvent).GetRevision, err)
		},
		open: func(ctx context.Context, after int64) (func() ([]*policyv1.Change, int64, error), error) {
			w, err := p.Watch(ctx, &policyv1.WatchRequest{FromRevision: after, Tenant: tenant})
			return func() ([]*policyv1.Change, int64, error) {
				resp, err := w.Recv()
				return resp.GetChanges(), resp.GetRevision(), err
			}, err
		},
	})
}

func watchConsent(ctx context.Context, s *session, tenant string, from int64) error {
	cs, err := s.consent()
	if err != nil {
		return err
	}
	return watchStream(ctx, s, from, stream[*consentv1.ConsentEvent]{
		columns: consentEventColumns,
		head: func(ctx context.Context) (int64, error) {
			if tenant == "" {
				resp, err := cs.GetHeadRevision(ctx, &consentv1.GetHeadRevisionRequest{})
				return resp.GetRevision(), err
			}
			// The tenant's newest ledger event is "now" for its stream.
			resp, err := cs.ListConsentEvents(ctx, &consentv1.ListConsentEventsRequest{Tenant: tenant, PageSize: 1})
			return newest(resp.GetEvents(), (*consentv1.ConsentEvent).GetRevision, err)
		},
		open: func(ctx context.Context, after int64) (func() ([]*consentv1.ConsentEvent, int64, error), error) {
			w, err := cs.Watch(ctx, &consentv1.WatchRequest{FromRevision: after, Tenant: tenant})
			return func() ([]*consentv1.ConsentEvent, int64, error) {
				resp, err := w.Recv()
				return resp.GetEvents(), resp.GetRevision(), err
			}, err
		},
	})
}

// newest is the revision of a newest-first list's first item; 0 when empty.
func newest[T any](items []T, revision func(T) int64, err error) (int64, error) {
	if err != nil || len(items) == 0 {
		return 0, err
	}
	return revision(items[0]), nil
}
