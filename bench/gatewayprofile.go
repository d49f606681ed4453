package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/google/pprof/profile"
)

// The table says how much CPU a call through the gateway costs; a CPU
// profile of the gateway says where it goes. It is taken in a pass of its
// own after the measured turns, so profiling never weighs on the numbers
// compared, with the same callers driving only the gateway.

// gatewayProfile is a CPU profile of the gateway under load, and the calls
// answered while it was taken.
type gatewayProfile struct {
	prof  *profile.Profile
	calls int
	took  time.Duration
	// processCPU is the gateway's CPU time per call over the whole pass, as
	// the system counts it, beside the profile's own count.
	processCPU time.Duration
	cpuKnown   bool
}

// profileGateway drives do (calls through the gateway) for d while the
// gateway's profile server (debugURL, its --debug-addr) records a CPU
// profile, and saves the raw profile to saveTo unless it is empty.
func (l load) profileGateway(ctx context.Context, debugURL string, pid int, do call, d time.Duration, saveTo string) (gatewayProfile, error) {
	type fetched struct {
		data []byte
		err  error
	}
	done := make(chan fetched, 1)
	go func() {
		data, err := fetchProfile(ctx, debugURL, d)
		done <- fetched{data, err}
	}()
	// The load starts with the profile and runs a fifth longer, so the
	// profile never sees the gateway idle; its calls are the pass's rate
	// times the profile's seconds.
	r := result{cpuKnown: true}
	before := sampleCPU([]int{pid})
	l.drive(ctx, do, make([]int, l.callers), d+d/5, 0, &r, true)
	r.addCPU(before, sampleCPU([]int{pid}))
	f := <-done
	if f.err != nil {
		return gatewayProfile{}, f.err
	}
	if saveTo != "" {
		if err := os.WriteFile(saveTo, f.data, 0o644); err != nil {
			return gatewayProfile{}, err
		}
	}
	prof, err := profile.ParseData(f.data)
	if err != nil {
		return gatewayProfile{}, fmt.Errorf("gateway CPU profile: %w", err)
	}
	if r.failed > 0 || r.wrong > 0 {
		return gatewayProfile{}, fmt.Errorf("while profiling: %d failed calls, %d wrong answers; first: %v", r.failed, r.wrong, r.firstErr)
	}
	_, perCall, ok := r.cpuPerCall()
	return gatewayProfile{prof: prof, calls: int(r.perSecond() * d.Seconds()), took: d, processCPU: perCall, cpuKnown: ok}, nil
}

// fetchProfile asks the profile server for a CPU profile of the next d,
// in whole seconds as it takes them.
func fetchProfile(ctx context.Context, debugURL string, d time.Duration) ([]byte, error) {
	url := fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", debugURL, int(d.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("gateway CPU profile: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("gateway CPU profile: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("gateway CPU profile: %s: %.300s", resp.Status, data)
	}
	return data, nil
}
