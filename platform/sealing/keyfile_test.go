package sealing_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/liaisonhq/liaison/platform/sealing"
)

func TestKeyFileCreatedOwnerOnlyAndReused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "sealing.key")

	key, err := sealing.LoadOrCreateKeyFile(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != sealing.KeySize {
		t.Fatalf("key length = %d, want %d", len(key), sealing.KeySize)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Fatalf("key file mode = %o, want 600", mode)
	}
	dirInfo, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mode := dirInfo.Mode().Perm(); mode != 0o700 {
		t.Fatalf("key folder mode = %o, want 700", mode)
	}
	if _, err := sealing.New(key); err != nil {
		t.Fatalf("the created key does not make a Sealer: %v", err)
	}

	// Next start, dev mode or not: the same key.
	for _, create := range []bool{true, false} {
		again, err := sealing.LoadOrCreateKeyFile(path, create)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, key) {
			t.Fatalf("create=%v: a second load gave a different key", create)
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("the key folder holds %d entries, want only the key file", len(entries))
	}
}

func TestKeyFileMissingWithoutCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sealing.key")
	_, err := sealing.LoadOrCreateKeyFile(path, false)
	if err == nil {
		t.Fatal("a missing key file was accepted")
	}
	for _, want := range []string{path, "/dev/urandom", "base64"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if _, statErr := os.Stat(path); !os.IsNotExist(statErr) {
		t.Fatal("the key file was created without create")
	}
}

func TestKeyFileWrittenByHand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sealing.key")
	want := bytes.Repeat([]byte{7}, sealing.KeySize)
	// As `head -c 32 /dev/urandom | base64 > FILE` writes it: with a newline.
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(want)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := sealing.LoadOrCreateKeyFile(path, false)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("LoadOrCreateKeyFile = %x, %v", got, err)
	}
}

func TestKeyFileBadContent(t *testing.T) {
	for name, content := range map[string]string{
		"not base64": "this is not base64!",
		"too short":  base64.StdEncoding.EncodeToString(make([]byte, 16)),
		"empty":      "",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sealing.key")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			// create must not overwrite a bad key: the secrets sealed under
			// the real one would be lost.
			_, err := sealing.LoadOrCreateKeyFile(path, true)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("error = %v, want one naming %s", err, path)
			}
		})
	}
}

func TestKeyFileRaceEndsWithOneKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sealing.key")
	const racers = 8
	keys := make([][]byte, racers)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() { keys[i], errs[i] = sealing.LoadOrCreateKeyFile(path, true) })
	}
	wg.Wait()
	for i := range racers {
		if errs[i] != nil {
			t.Fatalf("racer %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i], keys[0]) {
			t.Fatalf("racer %d got a different key from racer 0", i)
		}
	}
}
