package devauth

import (
	"crypto"
	"crypto/ecdsa"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Options are the claims every dev token shares.
type Options struct {
	Issuer   string
	Audience string
	TTL      time.Duration
}

// Claims are the claims of a dev token: the registered ones plus the tenant
// (tid) and the roles, as the services read them.
type Claims struct {
	jwt.Claims
	Tenant string   `json:"tid,omitempty"`
	Roles  []string `json:"roles"`
}

// Issuer mints ES256 dev tokens and publishes the key that verifies them.
type Issuer struct {
	opts   Options
	signer jose.Signer
	public jose.JSONWebKey
	now    func() time.Time
}

// NewIssuer returns an Issuer signing with key. The key id is the key's RFC
// 7638 thumbprint, so it stays the same for the same key across restarts.
func NewIssuer(key *ecdsa.PrivateKey, opts Options) (*Issuer, error) {
	public := jose.JSONWebKey{Key: key.Public(), Algorithm: string(jose.ES256), Use: "sig"}
	thumb, err := public.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("key thumbprint: %w", err)
	}
	public.KeyID = base64.RawURLEncoding.EncodeToString(thumb)
	// A JSONWebKey as the signing key puts its kid in the token header.
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: key, KeyID: public.KeyID}},
		(&jose.SignerOptions{}).WithType("JWT"),
	)
	if err != nil {
		return nil, err
	}
	return &Issuer{opts: opts, signer: signer, public: public, now: time.Now}, nil
}

// Mint returns a signed token for req, or an InvalidArgument error naming the
// field that is wrong.
func (i *Issuer) Mint(req TokenRequest) (string, error) {
	if err := req.Validate(); err != nil {
		return "", err
	}
	now := i.now()
	roles := req.Roles
	if roles == nil {
		roles = []string{} // "roles": [] rather than null
	}
	return jwt.Signed(i.signer).Claims(Claims{
		Claims: jwt.Claims{
			Issuer:    i.opts.Issuer,
			Audience:  jwt.Audience{i.opts.Audience},
			Subject:   req.User,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			Expiry:    jwt.NewNumericDate(now.Add(i.opts.TTL)),
		},
		Tenant: req.Tenant,
		Roles:  roles,
	}).Serialize()
}

// KeySet is the JWKS holding the public key of the tokens.
func (i *Issuer) KeySet() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{i.public}}
}
