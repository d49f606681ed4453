package auth

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/liaisonhq/liaison/platform/apierror"
)

// jwksTimeout bounds one fetch of the JWKS.
const jwksTimeout = 10 * time.Second

// signingAlgs are the JWS algorithms accepted; "none" and HMAC never are.
var signingAlgs = []string{oidc.ES256, oidc.RS256, oidc.EdDSA}

// Verifier checks bearer tokens: signature, issuer, audience and expiry.
// User tokens come from the configured issuer; service tokens from the
// other services, each signed with the calling service's own key. Verified
// tokens are cached until they expire, so a token is checked
// cryptographically once, not on every call.
type Verifier struct {
	users    *oidc.IDTokenVerifier
	services *serviceKeys
	// audience is what a service token for this service names: "service:NAME".
	audience string
	cache    *tokenCache
}

// claims are the token claims beyond the registered ones.
type claims struct {
	Tenant string   `json:"tid"`
	Roles  []string `json:"roles"`
}

// NewVerifier builds a verifier from cfg. In dev mode it trusts the
// gateway's dev keys when no other user-token key is configured.
func NewVerifier(ctx context.Context, cfg Config, dev bool) (*Verifier, error) {
	var userKeys []oidc.KeySet
	jwksURL := cfg.JWKSURL
	if dev && jwksURL == "" && cfg.PublicKeyFile == "" {
		jwksURL = DevJWKSURL
	}
	if jwksURL != "" {
		client := &http.Client{Timeout: jwksTimeout, Transport: newThrottledFetch(http.DefaultTransport, cfg.JWKSRefetchInterval)}
		userKeys = append(userKeys, oidc.NewRemoteKeySet(oidc.ClientContext(ctx, client), jwksURL))
	}
	if cfg.PublicKeyFile != "" {
		key, err := LoadPublicKey(cfg.PublicKeyFile)
		if err != nil {
			return nil, fmt.Errorf("auth public key: %w", err)
		}
		userKeys = append(userKeys, &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{key}})
	}
	if len(userKeys) == 0 {
		return nil, errors.New("no user-token keys: set --auth-jwks-url or --auth-public-key-file")
	}
	if err := checkServiceName(cfg.ServiceName); err != nil {
		return nil, err
	}
	if dev && cfg.TrustedServiceKeys != "" {
		if err := os.MkdirAll(cfg.TrustedServiceKeys, 0o700); err != nil {
			return nil, err
		}
	}
	services, err := newServiceKeys(cfg.TrustedServiceKeys)
	if err != nil {
		return nil, fmt.Errorf("trusted service keys: %w", err)
	}
	return &Verifier{
		users: oidc.NewVerifier(cfg.Issuer, anyKeySet(userKeys), &oidc.Config{
			ClientID: cfg.Audience, SupportedSigningAlgs: signingAlgs,
		}),
		services: services,
		audience: servicePrefix + cfg.ServiceName,
		cache:    newTokenCache(10000),
	}, nil
}

// Verify returns the principal of a valid token, or an Unauthenticated
// error that never repeats the token.
func (v *Verifier) Verify(ctx context.Context, raw string) (*Principal, error) {
	if p, ok := v.cache.get(raw); ok {
		return p, nil
	}
	// The issuer says which kind of token it claims to be; the signature
	// check that follows proves it.
	verify := v.verifyUser
	if peek(raw).Issuer == ServiceIssuer {
		verify = v.verifyService
	}
	p, err := verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	v.cache.put(raw, p, p.Expiry)
	return p, nil
}

func (v *Verifier) verifyUser(ctx context.Context, raw string) (*Principal, error) {
	tok, err := v.users.Verify(ctx, raw)
	if err != nil {
		if strings.Contains(err.Error(), "fetching keys") {
			// The identity provider's keys cannot be read: an outage, not
			// the caller's fault.
			return nil, apierror.Unavailable("the token signing keys (JWKS)")
		}
		return nil, refusal("invalid token", err)
	}
	var c claims
	if err := tok.Claims(&c); err != nil {
		return nil, apierror.Unauthenticated("invalid token claims")
	}
	// Only a service's own key can make a service: a user token claiming the
	// role is refused rather than trusted.
	if slices.Contains(c.Roles, RoleService) {
		return nil, apierror.Unauthenticated("user tokens cannot carry the Service role")
	}
	if c.Tenant == "" && !slices.Contains(c.Roles, RoleOperator) {
		return nil, apierror.Unauthenticated(`token has no "tid" claim`)
	}
	if err := checkIdentity(tok.Subject, c.Tenant); err != nil {
		return nil, err
	}
	return &Principal{Subject: tok.Subject, Tenant: c.Tenant, Roles: c.Roles, Expiry: tok.Expiry}, nil
}

// refusal is the answer to a token that failed verification with err: an
// expired one says so in a way clients recognise (they get a fresh token).
func refusal(what string, err error) error {
	kind := describe(err)
	if kind == "expired" {
		return apierror.TokenExpired()
	}
	return apierror.Unauthenticated(what + ": " + kind)
}

// describe shortens a verification error to its kind, without token data.
func describe(err error) string {
	var expired *oidc.TokenExpiredError
	switch msg := err.Error(); {
	case errors.As(err, &expired):
		return "expired"
	case strings.Contains(msg, "issuer"):
		return "wrong issuer"
	case strings.Contains(msg, "audience"):
		return "wrong audience"
	case strings.Contains(msg, "signature"):
		return "bad signature"
	default:
		return "malformed"
	}
}

// anyKeySet accepts a signature any of its key sets accepts.
type anyKeySet []oidc.KeySet

func (s anyKeySet) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	var errs []error
	for _, ks := range s {
		payload, err := ks.VerifySignature(ctx, jwt)
		if err == nil {
			return payload, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("signature: %w", errors.Join(errs...))
}
