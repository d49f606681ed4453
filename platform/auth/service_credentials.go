package auth

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// ServiceTokenTTL is how long a service token lives. It is renewed once
// half of that has passed, so a call (or a stream, which ends when its token
// expires) starts with at least half of it left.
const ServiceTokenTTL = 10 * time.Minute

// ServiceCredentials are the per-call credentials a service presents to
// another: a short-lived token signed with the calling service's own key,
// subject "service:NAME", audience "service:TARGET", so it is good for the
// one service it was made for. It is renewed before it expires.
type ServiceCredentials struct {
	signer   jose.Signer
	subject  string
	audience string
	ttl      time.Duration

	mu     sync.Mutex
	token  string
	expiry time.Time
}

// NewServiceCredentials returns credentials for calls from service to
// target, signed with key (see ServiceKey), whose tokens live ttl
// (ServiceTokenTTL when 0).
func NewServiceCredentials(key *ecdsa.PrivateKey, service, target string, ttl time.Duration) (*ServiceCredentials, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, err
	}
	if ttl == 0 {
		ttl = ServiceTokenTTL
	}
	return &ServiceCredentials{signer: signer, subject: servicePrefix + service, audience: servicePrefix + target, ttl: ttl}, nil
}

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (c *ServiceCredentials) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.token == "" || now.After(c.expiry.Add(-c.ttl/2)) {
		expiry := now.Add(c.ttl)
		token, err := jwt.Signed(c.signer).Claims(jwt.Claims{
			Issuer: ServiceIssuer, Subject: c.subject, Audience: jwt.Audience{c.audience},
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
			Expiry: jwt.NewNumericDate(expiry),
		}).Serialize()
		if err != nil {
			return nil, fmt.Errorf("sign service token: %w", err)
		}
		c.token, c.expiry = token, expiry
	}
	return map[string]string{"authorization": "Bearer " + c.token}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials. Service
// traffic stays on the cluster network, protected by NetworkPolicies; TLS is
// the mesh's or the transport credentials' concern.
func (c *ServiceCredentials) RequireTransportSecurity() bool { return false }
