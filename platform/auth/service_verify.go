package auth

import (
	"context"
	"crypto"
	"errors"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/liaisonhq/liaison/platform/apierror"
)

// verifyService checks a token another service signed: with the key of the
// service its subject names, so a service speaks only for itself, and for
// this service as its only audience, so a token one service received cannot
// be replayed to another.
func (v *Verifier) verifyService(ctx context.Context, raw string) (*Principal, error) {
	subject := peek(raw).Subject
	name, ok := strings.CutPrefix(subject, servicePrefix)
	if !ok || !serviceName.MatchString(name) {
		return nil, apierror.Unauthenticated("invalid service token: its subject must be service:NAME")
	}
	tok, err := v.verifyServiceKey(ctx, raw, name)
	if err != nil {
		return nil, refusal("invalid service token", err)
	}
	if len(tok.Audience) != 1 || tok.Subject != subject {
		return nil, apierror.Unauthenticated("invalid service token: wrong audience")
	}
	return &Principal{Subject: tok.Subject, Roles: []string{RoleService}, Expiry: tok.Expiry}, nil
}

// verifyServiceKey verifies raw with the named service's key. When it has
// none or the signature does not match (a service started or a key rotated
// since), it reads the trusted keys again and tries once more: with what it
// read, or, when another call's miss read them a moment ago, with what that
// call read.
func (v *Verifier) verifyServiceKey(ctx context.Context, raw, name string) (*oidc.IDToken, error) {
	for attempt := range 2 {
		if attempt > 0 {
			v.services.reload()
		}
		key, ok := v.services.get(name)
		if !ok {
			continue
		}
		tok, err := oidc.NewVerifier(ServiceIssuer, &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{key}},
			&oidc.Config{ClientID: v.audience, SupportedSigningAlgs: signingAlgs}).Verify(ctx, raw)
		if err == nil || describe(err) != "bad signature" {
			return tok, err
		}
	}
	return nil, errUntrustedServiceKey
}

// errUntrustedServiceKey is a service token no trusted key of its service
// signed; describe names it a bad signature.
var errUntrustedServiceKey = errors.New("signature: not signed by a trusted key of its service")

// joseAlgs are signingAlgs, as go-jose names them.
var joseAlgs = []jose.SignatureAlgorithm{jose.ES256, jose.RS256, jose.EdDSA}

// peek reads a token's claims without checking them, to see which kind of
// token it claims to be; a token that does not parse peeks as nothing.
func peek(raw string) jwt.Claims {
	var c jwt.Claims
	tok, err := jwt.ParseSigned(raw, joseAlgs)
	if err == nil {
		_ = tok.UnsafeClaimsWithoutVerification(&c)
	}
	return c
}
