// Command bench measures policy's CheckAccess against a plain grpc-go echo,
// over gRPC and through the JSON gateway, on a seeded 10,000-user tenant
// whose selected group is nested five deep. It builds and starts the real
// binaries, so it measures what ships. `make bench` runs it.
//
// Every server runs in its own process and every client in this one, for the
// echo as for policy, so the ratios compare like with like. Exit status 1
// means a call failed or a decision was wrong; missing the throughput target
// is reported, not treated as an error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// options are the bench's flags.
type options struct {
	root        string
	load        load
	users       int
	seedWorkers int
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == echoServerCommand {
		if err := runEchoServer(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "echo server:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.StringVar(&o.root, "root", "..", "the repository root, holding services/ and gateway/")
	flag.IntVar(&o.load.callers, "callers", 16, "concurrent callers per target")
	flag.DurationVar(&o.load.duration, "duration", 5*time.Second, "measured time per target")
	flag.DurationVar(&o.load.warmup, "warmup", time.Second, "unmeasured time per target before measuring")
	flag.IntVar(&o.users, "users", 10000, "users in the bench tenant")
	flag.IntVar(&o.seedWorkers, "seed-workers", 8, "concurrent callers while seeding")
	flag.Parse()
	if o.load.callers < 1 || o.users < 1 || o.seedWorkers < 1 || o.load.duration <= 0 || o.load.warmup < 0 {
		fmt.Fprintln(os.Stderr, "bench: -callers, -users, -seed-workers and -duration must be positive, -warmup not negative")
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// errIncorrect reports that calls failed or answered wrongly; the details
// are printed already.
var errIncorrect = errors.New("some calls failed or answered wrongly")

func run(ctx context.Context, o options) (err error) {
	tmp, err := os.MkdirTemp("", "liaison-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	began := time.Now()
	fmt.Printf("building policy and gateway from %s ...\n", o.root)
	bins, err := buildBinaries(ctx, o.root, tmp)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	s, err := startStack(ctx, tmp, bins, self)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.stop()) }()
	fmt.Printf("started policy (gRPC %s), gateway (%s) and echo (gRPC %s) in %.1fs\n",
		s.policyAddr, s.gatewayURL, s.echoAddr, time.Since(began).Seconds())

	// One connection per target, shared by every caller: that is how gRPC
	// clients are meant to be used, and the gateway client keeps as many idle
	// connections as there are callers so none is ever re-dialled.
	policyConn, err := grpc.NewClient(s.policyAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer policyConn.Close()
	echoConn, err := grpc.NewClient(s.echoAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer echoConn.Close()
	httpClient := &http.Client{Transport: &http.Transport{
		MaxIdleConns: o.load.callers, MaxIdleConnsPerHost: o.load.callers, IdleConnTimeout: time.Minute,
	}}
	defer httpClient.CloseIdleConnections()
	policy := policyv1.NewPolicyServiceClient(policyConn)
	dir := directory{users: o.users}

	if err := seedTenant(ctx, httpClient, s.gatewayURL, policy, dir, o.seedWorkers); err != nil {
		return err
	}

	tokens, err := callerTokens(ctx, httpClient, s.gatewayURL, o.load.callers)
	if err != nil {
		return err
	}
	callerCtx := make([]context.Context, len(tokens))
	callerBearer := make([]string, len(tokens))
	for c, token := range tokens {
		callerCtx[c] = withBearer(ctx, token)
		callerBearer[c] = "Bearer " + token
	}

	fmt.Printf("\n%d callers per target, each with its own token; %v warm-up, then %v measured.\n",
		o.load.callers, o.load.warmup, o.load.duration)
	fmt.Printf("Clients share one grpc.ClientConn per gRPC target and one keep-alive http.Client (MaxIdleConnsPerHost=%d);\n", o.load.callers)
	fmt.Printf("every server runs in its own process on this machine (%d CPUs, GOMAXPROCS=%d, %s).\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	targets := []struct {
		name string
		do   call
	}{
		{"echo (gRPC)", echoCall(echoConn, callerCtx, dir)},
		{"CheckAccess (gRPC)", grpcCheckCall(policy, callerCtx, dir)},
		{"CheckAccess (gateway JSON)", httpCheckCall(ctx, httpClient, s.gatewayURL, callerBearer, dir)},
	}
	var results []result
	for _, t := range targets {
		fmt.Printf("measuring %s ...\n", t.name)
		results = append(results, o.load.run(ctx, t.name, t.do))
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}

	fmt.Println()
	printTable(os.Stdout, results)
	fmt.Println()
	printTarget(os.Stdout, o.load.callers, results[0], results[1])
	if printProblems(os.Stderr, results) {
		return errIncorrect
	}
	fmt.Printf("all answers correct; total time %.1fs\n", time.Since(began).Seconds())
	return nil
}

// seedTenant creates the bench tenant through policy's API and says how long
// it took.
func seedTenant(ctx context.Context, httpClient *http.Client, gatewayURL string, policy policyv1.PolicyServiceClient, dir directory, workers int) error {
	operator, err := mintToken(ctx, httpClient, gatewayURL, identity{User: "bench-operator", Roles: []string{"Operator"}})
	if err != nil {
		return err
	}
	admin, err := mintToken(ctx, httpClient, gatewayURL, identity{Tenant: benchTenant, User: "bench-admin", Roles: []string{"TenantAdmin"}})
	if err != nil {
		return err
	}
	start := time.Now()
	err = seeder{
		client: policy, operator: withBearer(ctx, operator), admin: withBearer(ctx, admin), dir: dir, workers: workers,
	}.seed()
	if err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	fmt.Printf("seeded tenant %q: %d users, %d of them in groups g1 ⊃ g2 ⊃ g3 ⊃ g4 ⊃ g5 (selected: %s), with %d workers in %.1fs\n",
		benchTenant, dir.users, dir.members(), selectedGroup, workers, time.Since(start).Seconds())
	return nil
}
