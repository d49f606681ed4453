package suite

import (
	"errors"
	"math/rand/v2"
	"net"
	"strconv"
)

// FreeAddr is a loopback address with a port free now, for a process the
// test starts a moment later. The port is drawn below Linux's ephemeral
// range (32768 and up), where the kernel hands out the ports of outgoing
// connections: one of those could otherwise take it in between.
func FreeAddr() (string, error) {
	for range 100 {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(20000+rand.IntN(12000)))
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			return addr, ln.Close()
		}
	}
	return "", errors.New("no free port found below the ephemeral range")
}
