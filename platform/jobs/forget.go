package jobs

import (
	"context"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// maxForget bounds how many jobs of a kind Forget reads at once.
const maxForget = 10000

// Forget deletes, in tx, the jobs of kind whose args match, whatever their
// state but running: what must not outlive an erasure, since a job's args
// and its attempts' errors may name a person. A job that is running is
// left to end (it finds nothing to do once its data is gone); Forget
// reports how many are, so the caller can come back for them.
func (q *Queue) Forget(ctx context.Context, tx *sqlstore.Tx, kind string, match func(args []byte) bool) (deleted, running int, err error) {
	list, err := q.client.JobListTx(ctx, tx.SQL(), river.NewJobListParams().Kinds(kind).First(maxForget).States(
		rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable, rivertype.JobStatePending,
		rivertype.JobStateCompleted, rivertype.JobStateCancelled, rivertype.JobStateDiscarded, rivertype.JobStateRunning,
	))
	if err != nil {
		return 0, 0, err
	}
	var ids []int64
	for _, job := range list.Jobs {
		if !match(job.EncodedArgs) {
			continue
		}
		if job.State == rivertype.JobStateRunning {
			running++
			continue
		}
		ids = append(ids, job.ID)
	}
	if len(ids) == 0 {
		return 0, running, nil
	}
	res, err := q.client.JobDeleteManyTx(ctx, tx.SQL(), river.NewJobDeleteManyParams().IDs(ids...).First(len(ids)))
	if err != nil {
		return 0, running, err
	}
	return len(res.Jobs), running, nil
}
