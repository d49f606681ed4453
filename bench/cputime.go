package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU time per call, beside the rates, tells how much work each side does
// independently of what else the machine is running: on a shared machine
// the rates move with the neighbours' load, the CPU per call barely does.

// clockTick is the unit of the times in /proc/PID/stat (USER_HZ), 100 Hz on
// every Linux architecture Go supports.
const clockTick = 10 * time.Millisecond

// processCPU returns the CPU time (user plus system, all threads) pid has
// used so far. It reads Linux's /proc; elsewhere it fails and the bench
// prints n/a.
func processCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces: count
	// fields from the closing parenthesis. utime and stime are fields 14, 15.
	end := strings.LastIndexByte(string(data), ')')
	if end < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	fields := strings.Fields(string(data[end+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick, nil
}

// selfCPU returns the CPU time this process (the clients) has used so far.
func selfCPU() (time.Duration, error) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0, err
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()), nil
}

// cpuSample is the CPU used so far by the clients and by one target's
// servers.
type cpuSample struct {
	client, server time.Duration
	ok             bool
}

// sampleCPU reads the clients' and the servers' CPU time; ok is false when
// either is unknown on this system.
func sampleCPU(servers []int) cpuSample {
	client, err := selfCPU()
	if err != nil {
		return cpuSample{}
	}
	s := cpuSample{client: client, ok: true}
	for _, pid := range servers {
		used, err := processCPU(pid)
		if err != nil {
			return cpuSample{}
		}
		s.server += used
	}
	return s
}

// loadAverage is the machine's load average over the last minute, from
// Linux's /proc/loadavg ("n/a" elsewhere): how busy the neighbours kept
// the CPUs while a rate was measured.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return "n/a"
}
