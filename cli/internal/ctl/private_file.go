package ctl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"google.golang.org/grpc/status"
)

// writePrivately writes a file readable by its owner only, whole or not at
// all: into a new file beside it, synced, then renamed over it (an
// existing file keeps neither its content nor its mode).
func writePrivately[T any](path string, write func(io.Writer) (T, error)) (T, error) {
	var zero T
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return zero, usageErrorf("%s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	result, err := write(tmp)
	if err == nil {
		err = tmp.Chmod(0o600)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		if _, fromService := status.FromError(err); fromService {
			return zero, err // the service's answer as it is, with its exit code
		}
		return zero, fmt.Errorf("writing %s: %w (nothing was written)", path, err)
	}
	return result, nil
}
