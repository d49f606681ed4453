package main

import (
	"os"
	"slices"
	"testing"
)

func TestParseDatabases(t *testing.T) {
	got, err := parseDatabases("sqlite, postgres,sqlite")
	if err != nil || !slices.Equal(got, []string{sqlite, postgres}) {
		t.Errorf("parseDatabases = %v, %v; want [sqlite postgres]", got, err)
	}
	if _, err := parseDatabases("sqlite,mysql"); err == nil {
		t.Error("parseDatabases accepted mysql")
	}
}

func TestSyncSizes(t *testing.T) {
	o := syncOptions{size: syncSize{2000, 500}, rssConnections: 100}
	if got := o.sizes(); !slices.Equal(got, []syncSize{{2000, 100}, {2000, 500}}) {
		t.Errorf("sizes = %v; want the smaller pass first", got)
	}
	for _, rss := range []int{0, 500} {
		o.rssConnections = rss
		if got := o.sizes(); !slices.Equal(got, []syncSize{{2000, 500}}) {
			t.Errorf("with -sync-rss-connections=%d, sizes = %v; want the main pass only", rss, got)
		}
	}
}

func TestPeakRSS(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc here")
	}
	peak, err := peakRSS(os.Getpid())
	if err != nil || peak <= 0 {
		t.Fatalf("peakRSS = %d, %v", peak, err)
	}
	// The kernel updates the peak lazily: the current RSS may be above it.
	if rss, err := procStatusBytes(os.Getpid(), "VmRSS"); err != nil || rss <= 0 {
		t.Errorf("VmRSS = %d, %v", rss, err)
	}
	if _, err := procStatusBytes(os.Getpid(), "NoSuchField"); err == nil {
		t.Error("procStatusBytes found a field that does not exist")
	}
}
