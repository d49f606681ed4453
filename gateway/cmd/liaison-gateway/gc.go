package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the gateway's GOGC. It keeps next to nothing from one
// request to the next: a live heap of a few MB, and a stream of garbage
// from each request. At Go's default of 100 it collects dozens of times a
// second under load, about a tenth of its CPU; letting the heap grow to
// five times its live data between collections costs a few tens of MB and
// leaves the collector a small share.
const gcPercent = 400

// tuneGC sets gcPercent, unless GOGC in the environment says otherwise.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
}
