package mtls

import (
	"context"
	"crypto/tls"
	"net"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// ClientTransport is the transport security of a call to another
// process: mutual TLS when the files are set, plaintext otherwise (the
// cluster network's).
func (s Settings) ClientTransport() (credentials.TransportCredentials, error) {
	if !s.Enabled() {
		return insecure.NewCredentials(), nil
	}
	return s.ClientCredentials()
}

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
// server whose certificate the authorities signed for the name or address
// dialled.
func (s Settings) ClientCredentials() (credentials.TransportCredentials, error) {
	f, err := newFiles(s)
	if err != nil {
		return nil, err
	}
	return &client{files: f, TransportCredentials: credentials.NewTLS(&tls.Config{MinVersion: minVersion})}, nil
}

// client is gRPC's TLS credentials with a configuration made at each
// handshake from the files' current state, so rotated authorities and
// certificates are used at once, and crypto/tls's own checks run: the
// chain against the authorities and the dialled host (a name, or an
// address against the certificate's IP addresses).
type client struct {
	credentials.TransportCredentials
	files *files
}

func (c *client) ClientHandshake(ctx context.Context, authority string, conn net.Conn) (net.Conn, credentials.AuthInfo, error) {
	cert, pool, err := c.files.load()
	if err != nil {
		return nil, nil, err
	}
	host, _, err := net.SplitHostPort(authority)
	if err != nil {
		host = authority
	}
	return credentials.NewTLS(&tls.Config{
		MinVersion:   minVersion,
		RootCAs:      pool,
		ServerName:   host,
		Certificates: []tls.Certificate{*cert},
	}).ClientHandshake(ctx, authority, conn)
}

// Clone keeps the per-handshake configuration in copies gRPC makes.
func (c *client) Clone() credentials.TransportCredentials {
	return &client{files: c.files, TransportCredentials: c.TransportCredentials.Clone()}
}
