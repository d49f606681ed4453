package mtls

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
)

// files holds the loaded certificate and authorities, and loads them again
// when a file's modification time or size changes. Files that fail to load
// leave the last good ones in use (a rotation caught half-written) and are
// logged, once per change, until they load.
type files struct {
	s Settings

	mu    sync.Mutex
	stamp string // of the files last read, good or not
	cert  *tls.Certificate
	pool  *x509.CertPool
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
		if cert, pool, err = read(f.s); err == nil {
			f.cert, f.pool, f.stamp = &cert, pool, stamp
			return f.cert, f.pool, nil
		}
	}
	if f.cert == nil {
		return nil, nil, err
	}
	if stamp != f.stamp {
		f.stamp = stamp
		slog.Warn("mutual TLS: the rotated files do not load; the previous ones stay in use", "error", err)
	}
	return f.cert, f.pool, nil
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
