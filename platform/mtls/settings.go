// Package mtls is mutual TLS between Liaison's processes, as an option:
// each serves with its own certificate and asks callers for theirs, and
// each call presents its own and checks the server's, all signed by one
// certificate authority. Files are read again when they change, so a
// certificate manager can rotate them under a running process.
package mtls

import (
	"errors"
	"flag"
)

// Settings name the PEM files; all three or none (plaintext, the default).
type Settings struct {
	// CertFile and KeyFile are this process's certificate (with any
	// intermediates) and private key: it serves with them and presents
	// them when it calls.
	CertFile, KeyFile string
	// CAFile holds the authorities that sign the certificates of the
	// processes this one calls and takes calls from.
	CAFile string
}

// Bind registers the settings as flags.
func (s *Settings) Bind(fs *flag.FlagSet) {
	fs.StringVar(&s.CertFile, "tls-cert-file", s.CertFile, "PEM certificate for mutual TLS between Liaison's processes (with --tls-key-file and --tls-ca-file; empty: plaintext)")
	fs.StringVar(&s.KeyFile, "tls-key-file", s.KeyFile, "PEM private key of --tls-cert-file")
	fs.StringVar(&s.CAFile, "tls-ca-file", s.CAFile, "PEM certificate authorities that sign the other processes' certificates")
}

// Enabled says mutual TLS is on.
func (s Settings) Enabled() bool { return s.CertFile != "" }

// Check reports settings that cannot work: some of the files but not all.
// The files are read when credentials are made (a process that only
// migrates never reads them).
func (s Settings) Check() error {
	set := 0
	for _, f := range []string{s.CertFile, s.KeyFile, s.CAFile} {
		if f != "" {
			set++
		}
	}
	switch set {
	case 0, 3:
	default:
		return errors.New("--tls-cert-file, --tls-key-file and --tls-ca-file go together")
	}
	return nil
}
