package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/platform/launch"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// replicaTarget is the goal: a change committed on one policy
// replica reaches another replica on the same PostgreSQL within this, at
// p99.
const replicaTarget = 50 * time.Millisecond

// replicaWrites is how many changes are timed.
const replicaWrites = 200

// measureReplicas starts a throwaway PostgreSQL server and two policy
// replicas on it (from the launcher's table), then times, for each of replicaWrites changes made on the
// first, how long after the first answered the write the second replica's
// Watch stream reports it: the moment the second has dropped what it cached
// and answers with the change. token must be a TenantAdmin token of contoso
// signed by the dev key the replicas trust.
func measureReplicas(ctx context.Context, root, dir, bin string, token string) (latencies []time.Duration, err error) {
	pgDir := filepath.Join(dir, "pg")
	script := filepath.Join(root, "scripts", "pg-test-cluster")
	out, err := exec.CommandContext(ctx, script, "start", pgDir).Output()
	if err != nil {
		return nil, fmt.Errorf("starting PostgreSQL (%s start): %w", script, err)
	}
	defer func() {
		if stopErr := exec.Command(script, "stop", pgDir).Run(); stopErr != nil {
			err = errors.Join(err, fmt.Errorf("stopping PostgreSQL: %w", stopErr))
		}
	}()
	// The replicas trust the same dev key as the main stack, whose gateway
	// minted token.
	replicaDir := filepath.Join(dir, "replicas")
	if err := os.MkdirAll(replicaDir, 0o700); err != nil {
		return nil, err
	}
	for _, name := range []string{launch.DevKeyFile, launch.DevPublicKeyFile} {
		if err := copyFile(filepath.Join(dir, name), filepath.Join(replicaDir, name)); err != nil {
			return nil, err
		}
	}
	replicas, err := launch.Start(launch.Options{BinDir: bin, Dir: replicaDir, Only: []string{"policy"},
		Databases: map[string]string{"policy": strings.TrimSpace(string(out))}})
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, replicas.Stop()) }()
	second, _, err := replicas.AddReplica("policy")
	if err != nil {
		return nil, err
	}
	return timeReplication(ctx, replicas.Addr("policy"), second, token)
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

// timeReplication makes the writes on the replica at writer and watches for
// them on the replica at reader.
func timeReplication(ctx context.Context, writer, reader, token string) ([]time.Duration, error) {
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	dial := func(addr string) (policyv1.PolicyServiceClient, io.Closer, error) {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		return policyv1.NewPolicyServiceClient(conn), conn, err
	}
	w, wConn, err := dial(writer)
	if err != nil {
		return nil, err
	}
	defer wConn.Close()
	r, rConn, err := dial(reader)
	if err != nil {
		return nil, err
	}
	defer rConn.Close()

	// Watch from where the reader is now: its answers carry the revision.
	now, err := r.CheckAccess(ctx, &policyv1.CheckAccessRequest{
		Tenant: "contoso", User: "alice", Capability: policyv1.Capability_ACCOUNT_CONNECTION,
	})
	if err != nil {
		return nil, err
	}
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	stream, err := r.Watch(watchCtx, &policyv1.WatchRequest{Tenant: "contoso", FromRevision: now.Revision})
	if err != nil {
		return nil, err
	}
	seen := make(chan int64, 16)
	go func() {
		defer close(seen)
		for {
			msg, err := stream.Recv()
			if err != nil {
				return
			}
			seen <- msg.Revision
		}
	}()

	modes := []policyv1.LinkedInSettings_Mode{policyv1.LinkedInSettings_DISABLED, policyv1.LinkedInSettings_ENABLED}
	var latencies []time.Duration
	for i := range replicaWrites {
		resp, err := w.UpdateLinkedInSettings(ctx, &policyv1.UpdateLinkedInSettingsRequest{
			Tenant: "contoso", Settings: &policyv1.LinkedInSettings{Mode: modes[i%2]},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"mode"}},
		})
		if err != nil {
			return nil, fmt.Errorf("write %d: %w", i, err)
		}
		committed := time.Now()
		revision, err := strconv.ParseInt(resp.Settings.Etag, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("write %d: etag %q: %w", i, resp.Settings.Etag, err)
		}
		if err := awaitRevision(seen, revision, 10*time.Second); err != nil {
			return nil, fmt.Errorf("write %d: %w", i, err)
		}
		latencies = append(latencies, time.Since(committed))
	}
	return latencies, nil
}

// awaitRevision reads the watch stream until it reaches revision.
func awaitRevision(seen <-chan int64, revision int64, limit time.Duration) error {
	deadline := time.After(limit)
	for {
		select {
		case got, ok := <-seen:
			if !ok {
				return errors.New("the second replica's watch stream ended")
			}
			if got >= revision {
				return nil
			}
		case <-deadline:
			return fmt.Errorf("revision %d not seen on the second replica within %v", revision, limit)
		}
	}
}

// printReplicas prints the replication latencies against the target.
func printReplicas(w io.Writer, latencies []time.Duration) {
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	at := func(q float64) time.Duration { return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))] }
	verdict := "PASS"
	if at(0.99) > replicaTarget {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "A change on one policy replica seen on another (PostgreSQL, LISTEN/NOTIFY), over %d writes:\n", len(sorted))
	fmt.Fprintf(w, "  p50 %s, p99 %s, max %s (target p99 <= %s): %s\n",
		ms(at(0.50)), ms(at(0.99)), ms(sorted[len(sorted)-1]), ms(replicaTarget), verdict)
}
