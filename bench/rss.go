package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// A server's peak memory is its peak resident set size, which Linux keeps
// in /proc/PID/status as VmHWM ("high water mark"). Writing 5 to
// /proc/PID/clear_refs (Linux 4.0 and later, by the process's owner) starts
// the mark again from the current RSS, so the peak of one phase can be read
// apart from what the process needed before it.

// resetPeakRSS starts pid's peak RSS afresh.
func resetPeakRSS(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// peakRSS returns pid's peak resident set size in bytes.
func peakRSS(pid int) (int64, error) { return procStatusBytes(pid, "VmHWM") }

// procStatusBytes reads a size field ("VmHWM:   12345 kB") of
// /proc/PID/status.
func procStatusBytes(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		value, ok := strings.CutPrefix(line, field+":")
		if !ok {
			continue
		}
		kb, ok := strings.CutSuffix(strings.TrimSpace(value), " kB")
		if !ok {
			break
		}
		n, err := strconv.ParseInt(strings.TrimSpace(kb), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/status: %s: %w", pid, field, err)
		}
		return n * 1024, nil
	}
	return 0, fmt.Errorf("/proc/%d/status has no %s in kB", pid, field)
}

// mib formats a size in mebibytes.
func mib(bytes int64) string { return fmt.Sprintf("%.1f MiB", float64(bytes)/(1<<20)) }
