package ratelimit

import (
	"errors"
	"flag"
	"fmt"
)

// Settings are the rates the gateway allows. A rate of 0 turns that limit
// off.
type Settings struct {
	// PerCaller is the requests per second one bearer token may send.
	PerCaller float64
	// CallerBurst is how many requests a token may send at once.
	CallerBurst int
	// PerAddress is the requests per second one client address may send,
	// whatever its tokens. Behind a proxy every client has the proxy's
	// address: raise it or turn it off there.
	PerAddress float64
	// AddressBurst is how many requests an address may send at once.
	AddressBurst int
	// MaxKeys bounds the tokens and addresses remembered, each; the least
	// recently seen are forgotten first.
	MaxKeys int
}

// Defaults are generous for a person or a script, tight for a flood.
func Defaults() Settings {
	return Settings{PerCaller: 50, CallerBurst: 100, PerAddress: 200, AddressBurst: 400, MaxKeys: 100_000}
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	fs.Float64Var(&s.PerCaller, "rate-per-caller", s.PerCaller, "requests per second one bearer token may send; over it: 429 with Retry-After (0: no limit)")
	fs.IntVar(&s.CallerBurst, "rate-burst-per-caller", s.CallerBurst, "requests one bearer token may send at once")
	fs.Float64Var(&s.PerAddress, "rate-per-address", s.PerAddress, "requests per second one client address (IPv6: its /64) may send; behind a proxy that is the proxy's (0: no limit)")
	fs.IntVar(&s.AddressBurst, "rate-burst-per-address", s.AddressBurst, "requests one client address may send at once")
	fs.IntVar(&s.MaxKeys, "rate-limit-keys", s.MaxKeys, "tokens and addresses remembered for rate limiting, each; the least recently seen are forgotten first")
}

// Validate names every setting that cannot work.
func (s Settings) Validate() error {
	var errs []error
	check := func(rateFlag string, rate float64, burstFlag string, burst int) {
		if rate < 0 {
			errs = append(errs, fmt.Errorf("--%s must not be negative, got %g", rateFlag, rate))
		}
		if rate > 0 && burst < 1 {
			errs = append(errs, fmt.Errorf("--%s must be at least 1 while --%s is on, got %d", burstFlag, rateFlag, burst))
		}
	}
	check("rate-per-caller", s.PerCaller, "rate-burst-per-caller", s.CallerBurst)
	check("rate-per-address", s.PerAddress, "rate-burst-per-address", s.AddressBurst)
	if s.MaxKeys < 1 {
		errs = append(errs, fmt.Errorf("--rate-limit-keys must be at least 1, got %d", s.MaxKeys))
	}
	return errors.Join(errs...)
}
