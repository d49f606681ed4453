package mtls

import (
	"crypto/tls"
	"crypto/x509"

	"google.golang.org/grpc/credentials"
)

// ServerCredentials serve with this process's certificate and accept only
// callers presenting one the authorities signed.
func (s Settings) ServerCredentials() (credentials.TransportCredentials, error) {
	f, err := newFiles(s)
	if err != nil {
		return nil, err
	}
	return credentials.NewTLS(&tls.Config{
		MinVersion: minVersion,
		// Each handshake reads the files' current state.
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			cert, pool, err := f.load()
			if err != nil {
				return nil, err
			}
			return &tls.Config{
				MinVersion:   minVersion,
				Certificates: []tls.Certificate{*cert},
				ClientAuth:   tls.RequireAndVerifyClientCert,
				ClientCAs:    pool,
			}, nil
		},
	}), nil
}

// ClientCredentials present this process's certificate and accept only a
// server whose certificate the authorities signed for the name dialled.
func (s Settings) ClientCredentials() (credentials.TransportCredentials, error) {
	f, err := newFiles(s)
	if err != nil {
		return nil, err
	}
	return credentials.NewTLS(&tls.Config{
		MinVersion: minVersion,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			cert, _, err := f.load()
			return cert, err
		},
		// The authorities too may rotate: the server's chain is checked
		// against the current ones, with the usual host name check.
		InsecureSkipVerify: true, // verified in VerifyConnection, against the current authorities
		VerifyConnection: func(cs tls.ConnectionState) error {
			_, pool, err := f.load()
			if err != nil {
				return err
			}
			opts := x509.VerifyOptions{DNSName: cs.ServerName, Roots: pool, Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			_, err = cs.PeerCertificates[0].Verify(opts)
			return err
		},
	}), nil
}
