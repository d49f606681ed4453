package launch

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"os"

	"github.com/liaisonhq/liaison/platform/auth"
)

// ensureDevKeyPair makes, unless present, the dev identity's key pair: the
// gateway signs dev tokens with the private key, and the services trust the
// public one, so none of them fetches keys from another at start-up.
func ensureDevKeyPair(privatePath, publicPath string) error {
	key, err := auth.LoadOrCreateKey(privatePath, true)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return err
	}
	return os.WriteFile(publicPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600)
}

// DevKey reads the dev identity's private key from the stack's data folder,
// for tests that sign tokens themselves.
func (s *Stack) DevKey() (*ecdsa.PrivateKey, error) {
	return auth.LoadOrCreateKey(s.File(DevKeyFile), false)
}

// publishServiceKeys makes, unless present, every service's key pair and
// publishes the public halves in the trusted keys folder, before any
// service starts: a service reads a key published after it started only
// on a miss, at most once a second, so a service that started later would
// have its first calls refused.
func publishServiceKeys(env Env) error {
	for _, spec := range System {
		if !spec.Service {
			continue
		}
		cfg := auth.Config{
			ServiceName: spec.Name, ServiceKeyFile: env.File(spec.Name + "-service-key.pem"),
			TrustedServiceKeys: env.File(serviceKeysDir),
		}
		if _, err := auth.ServiceKey(cfg, true); err != nil {
			return err
		}
	}
	return nil
}
