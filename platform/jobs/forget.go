package jobs

import (
	"context"

	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// forgetPage is how many jobs of a kind Forget reads at once.
const forgetPage = 1000

// Forget deletes, in tx, the jobs of kind whose args match, whatever their
// state but running: what must not outlive an erasure, since a job's args
// and its attempts' errors may name a person. It reads every job of the
// kind, page by page. A job that is running is left to end (it finds
// nothing to do once its data is gone); Forget reports how many are, so
// the caller can come back for them.
func (q *Queue) Forget(ctx context.Context, tx *sqlstore.Tx, kind string, match func(args []byte) bool) (deleted, running int, err error) {
	params := river.NewJobListParams().Kinds(kind).First(forgetPage).States(
		rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable, rivertype.JobStatePending,
		rivertype.JobStateCompleted, rivertype.JobStateCancelled, rivertype.JobStateDiscarded, rivertype.JobStateRunning,
	)
	var ids []int64
	for {
		list, err := q.client.JobListTx(ctx, tx.SQL(), params)
		if err != nil {
			return 0, 0, err
		}
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
		if len(list.Jobs) < forgetPage || list.LastCursor == nil {
			break
		}
		params = params.After(list.LastCursor)
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), forgetPage)]
		ids = ids[len(batch):]
		res, err := q.client.JobDeleteManyTx(ctx, tx.SQL(), river.NewJobDeleteManyParams().IDs(batch...).First(len(batch)))
		if err != nil {
			return deleted, running, err
		}
		deleted += len(res.Jobs)
	}
	return deleted, running, nil
}
