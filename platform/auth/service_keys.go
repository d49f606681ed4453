package auth

import (
	"crypto"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// reloadServiceKeys is the shortest time between two reads of the trusted
// keys folder after a miss. The folder is local and small, so reading it is
// cheap, but a flood of tokens naming unknown services must not become a
// flood of reads.
const reloadServiceKeys = time.Second

// serviceName is what NAME may be in "service:NAME" and NAME.pub.
var serviceName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

func checkServiceName(name string) error {
	if !serviceName.MatchString(name) {
		return fmt.Errorf("service name %q: want lower-case letters, digits and dashes", name)
	}
	return nil
}

// serviceKeys are the public keys of the services whose calls are trusted,
// read from a folder of NAME.pub files. Keys are looked up by the service a
// token names, so a key vouches for its own service only. The folder is read
// again on a miss (an unknown service, or a signature its key does not
// verify: a rotated key), at most once per reloadServiceKeys; the first miss
// after start reads it at once, as a service started later on the same
// machine publishes its key after this one started.
type serviceKeys struct {
	dir  string
	keys atomic.Pointer[map[string]crypto.PublicKey]

	mu     sync.Mutex
	reread time.Time // when a miss last read the folder
}

func newServiceKeys(dir string) (*serviceKeys, error) {
	k := &serviceKeys{dir: dir}
	keys, err := readServiceKeys(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		slog.Warn("no trusted service keys: calls from other services are refused until keys appear", "folder", dir)
	case err != nil:
		return nil, err
	}
	k.keys.Store(&keys)
	return k, nil
}

// get returns the key of the named service.
func (k *serviceKeys) get(name string) (crypto.PublicKey, bool) {
	key, ok := (*k.keys.Load())[name]
	return key, ok
}

// reload reads the folder again after a miss, unless a miss did so within
// reloadServiceKeys.
func (k *serviceKeys) reload() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if time.Since(k.reread) < reloadServiceKeys {
		return
	}
	k.reread = time.Now()
	keys, err := readServiceKeys(k.dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		slog.Warn("reading the trusted service keys failed; keeping those read before", "folder", k.dir, "error", err)
		return
	}
	k.keys.Store(&keys)
}

// readServiceKeys reads every NAME.pub in dir. A file that holds no public
// key is left out with a warning rather than failing the others.
func readServiceKeys(dir string) (map[string]crypto.PublicKey, error) {
	keys := map[string]crypto.PublicKey{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return keys, err
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".pub")
		if !ok || e.IsDir() || !serviceName.MatchString(name) {
			continue
		}
		key, err := LoadPublicKey(filepath.Join(dir, e.Name()))
		if err != nil {
			slog.Warn("a trusted service key file holds no public key; skipped", "file", e.Name(), "error", err)
			continue
		}
		keys[name] = key
	}
	return keys, nil
}
