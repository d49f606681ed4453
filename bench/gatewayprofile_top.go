package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

// How many functions each list of the profile names: the cumulative list
// starts with the layers every request goes through, one inside another.
const (
	cumLines  = 30
	flatLines = 15
)

// functionCost is one function's share of a CPU profile: flat while it
// was itself running, cum while it was anywhere on the stack.
type functionCost struct {
	name      string
	flat, cum time.Duration
}

// functionCosts sums a CPU profile's time by function; total is the time
// of the whole profile.
func functionCosts(p *profile.Profile) (total time.Duration, costs []functionCost, err error) {
	value := slices.IndexFunc(p.SampleType, func(t *profile.ValueType) bool { return t.Type == "cpu" })
	if value < 0 {
		return 0, nil, fmt.Errorf("gateway CPU profile: no cpu values")
	}
	byName := map[string]*functionCost{}
	cost := func(name string) *functionCost {
		if byName[name] == nil {
			byName[name] = &functionCost{name: name}
		}
		return byName[name]
	}
	for _, s := range p.Sample {
		d := time.Duration(s.Value[value]) // nanoseconds
		total += d
		// Location 0 is the leaf; a location's line 0 is the innermost of
		// the functions inlined there.
		if len(s.Location) > 0 && len(s.Location[0].Line) > 0 {
			cost(s.Location[0].Line[0].Function.Name).flat += d
		}
		onStack := map[string]bool{} // recursion counts once
		for _, loc := range s.Location {
			for _, line := range loc.Line {
				if name := line.Function.Name; !onStack[name] {
					onStack[name] = true
					cost(name).cum += d
				}
			}
		}
	}
	for _, c := range byName {
		costs = append(costs, *c)
	}
	return total, costs, nil
}

// printProfile lists the functions the gateway spent most CPU in, by
// cumulative and by own time, as shares and as time per call.
func printProfile(w io.Writer, gp gatewayProfile) error {
	total, costs, err := functionCosts(gp.prof)
	if err != nil {
		return err
	}
	calls := time.Duration(max(gp.calls, 1))
	process := "n/a"
	if gp.cpuKnown {
		process = us(gp.processCPU) + "/call"
	}
	fmt.Fprintf(w, "Where the gateway's CPU goes: a %v CPU profile of the gateway alone under the same callers, %d calls:\n",
		gp.took, gp.calls)
	fmt.Fprintf(w, "%.2f CPUs busy, %s/call in the profile, %s by the system's count (the whole profile:\n",
		total.Seconds()/gp.took.Seconds(), us(total/calls), process)
	fmt.Fprintf(w, "bench -gateway-profile-out=FILE, then go tool pprof FILE).\n")
	for _, list := range []struct {
		title string
		lines int
		of    func(functionCost) time.Duration
	}{
		{"cumulative (the function and what it calls)", cumLines, func(c functionCost) time.Duration { return c.cum }},
		{"flat (the function's own code)", flatLines, func(c functionCost) time.Duration { return c.flat }},
	} {
		slices.SortFunc(costs, func(a, b functionCost) int {
			return cmp.Or(cmp.Compare(list.of(b), list.of(a)), strings.Compare(a.name, b.name))
		})
		fmt.Fprintf(w, "  by %s:\n", list.title)
		for _, c := range costs[:min(list.lines, len(costs))] {
			fmt.Fprintf(w, "    %6.1f%% %8.1fµs/call  %s\n", 100*list.of(c).Seconds()/total.Seconds(), float64(list.of(c)/calls)/float64(time.Microsecond), shortName(c.name))
		}
	}
	return nil
}

// shortName drops a function's import path up to its package's name:
// github.com/x/y/pkg.(*T).M is pkg.(*T).M.
func shortName(name string) string {
	return name[strings.LastIndexByte(name, '/')+1:]
}
