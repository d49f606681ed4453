package config

import (
	"flag"
	"net"
)

// With --dev, anyone who reaches a gateway's port can mint an Operator
// token, and a service trusts those tokens. So under --dev a listen address
// that was not given (by flag or environment) binds loopback only; giving
// one explicitly, even the default, binds what it says.

// listenAddr is a listen-address setting and the flag that sets it.
type listenAddr struct {
	flag string
	addr *string
}

// BindListenAddr registers the listen-address flag name on addr, which
// holds the production default (such as ":9101", every interface).
func (p *Process) BindListenAddr(fs *flag.FlagSet, addr *string, name, usage string) {
	fs.StringVar(addr, name, *addr, usage+"; with --dev and not set, loopback only")
	p.listenAddrs = append(p.listenAddrs, listenAddr{flag: name, addr: addr})
}

// loopbackInDev moves the listen addresses that were not set to loopback
// when Dev is on. set reports whether a flag was given.
func (p *Process) loopbackInDev(set func(flag string) bool) {
	if !p.Dev {
		return
	}
	for _, l := range p.listenAddrs {
		if set(l.flag) {
			continue
		}
		host, port, err := net.SplitHostPort(*l.addr)
		if err != nil {
			continue // Validate names it
		}
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			*l.addr = net.JoinHostPort("127.0.0.1", port)
		}
	}
}
