package mtls

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"sync"
)

// files holds the loaded certificate and authorities, and loads them again
// when a file's modification time or size changes. A file that fails to
// load keeps the last good one (a rotation caught half-written), and the
// failure is returned until it loads.
type files struct {
	s Settings

	mu      sync.Mutex
	stamp   string
	cert    *tls.Certificate
	pool    *x509.CertPool
	lastErr error
}

func newFiles(s Settings) (*files, error) {
	f := &files{s: s}
	if _, _, err := f.load(); err != nil {
		return nil, err
	}
	return f, nil
}

// load returns the current certificate and authorities.
func (f *files) load() (*tls.Certificate, *x509.CertPool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	stamp, err := stampOf(f.s.CertFile, f.s.KeyFile, f.s.CAFile)
	if err == nil && stamp == f.stamp && f.cert != nil {
		return f.cert, f.pool, nil
	}
	if err == nil {
		var cert tls.Certificate
		var pool *x509.CertPool
		cert, pool, err = read(f.s)
		if err == nil {
			f.cert, f.pool, f.stamp, f.lastErr = &cert, pool, stamp, nil
			return f.cert, f.pool, nil
		}
	}
	f.lastErr = err
	if f.cert != nil {
		return f.cert, f.pool, nil
	}
	return nil, nil, err
}

func read(s Settings) (tls.Certificate, *x509.CertPool, error) {
	cert, err := tls.LoadX509KeyPair(s.CertFile, s.KeyFile)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("mutual TLS certificate: %w", err)
	}
	authorities, err := os.ReadFile(s.CAFile)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("mutual TLS authorities: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(authorities) {
		return tls.Certificate{}, nil, errors.New("mutual TLS authorities: " + s.CAFile + " holds no PEM certificate")
	}
	return cert, pool, nil
}

// stampOf identifies the files' contents cheaply: modification times and
// sizes (a Kubernetes Secret volume swaps a symlink, which changes both).
func stampOf(paths ...string) (string, error) {
	stamp := ""
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return "", err
		}
		stamp += fmt.Sprintf("%s:%d:%d;", p, info.ModTime().UnixNano(), info.Size())
	}
	return stamp, nil
}

// minVersion is TLS 1.3: every process is ours, no old client to serve.
const minVersion = tls.VersionTLS13
