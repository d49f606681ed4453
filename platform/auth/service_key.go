package auth

import (
	"crypto"
	"crypto/ecdsa"
	"fmt"
	"os"
	"path/filepath"
)

// ServiceKey returns the private key this service signs its calls to other
// services with (cfg.ServiceKeyFile). In dev mode it is created when missing
// and its public half published in the trusted keys folder as NAME.pub, so
// the other services on this machine trust it: what an operator does by
// hand in production, handing every service the public keys only.
func ServiceKey(cfg Config, dev bool) (*ecdsa.PrivateKey, error) {
	if err := checkServiceName(cfg.ServiceName); err != nil {
		return nil, err
	}
	key, err := LoadOrCreateKey(cfg.ServiceKeyFile, dev)
	if err != nil {
		return nil, fmt.Errorf("service key %s: %w", cfg.ServiceKeyFile, err)
	}
	if dev {
		if err := publishPublicKey(filepath.Join(cfg.TrustedServiceKeys, cfg.ServiceName+".pub"), key); err != nil {
			return nil, err
		}
	}
	return key, nil
}

// publishPublicKey writes key's public half to path as a PEM "PUBLIC KEY",
// unless the file already holds it. It is written beside and renamed into
// place, so a reader never sees half a key.
func publishPublicKey(path string, key crypto.Signer) error {
	want, err := encodePublicKey(key.Public())
	if err != nil {
		return err
	}
	if have, err := os.ReadFile(path); err == nil && string(have) == string(want) {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".publish-*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(want); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("publish %s: %w", path, err)
	}
	return nil
}
