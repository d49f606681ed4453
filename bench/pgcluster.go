package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/liaisonhq/liaison/platform/sqlstore"
)

// pgCluster is a throwaway PostgreSQL server, made and removed by
// scripts/pg-test-cluster as for `make test-postgres` (fsync and
// synchronous commit off: disposable, like the embedded SQLite's data in
// the bench's temporary folder).
type pgCluster struct {
	script string
	dir    string
	url    string // of its first database
}

// startPGCluster starts a cluster whose bookkeeping goes in dir.
func startPGCluster(ctx context.Context, root, dir string) (*pgCluster, error) {
	c := &pgCluster{script: filepath.Join(root, "scripts", "pg-test-cluster"), dir: dir}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, c.script, "start", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, errors.Join(fmt.Errorf("%s start: %w\n%s", c.script, err, stderr.String()), c.stop())
	}
	c.url = strings.TrimSpace(stdout.String())
	return c, nil
}

// stop stops the server and removes its data.
func (c *pgCluster) stop() error {
	if out, err := exec.Command(c.script, "stop", c.dir).CombinedOutput(); err != nil {
		return fmt.Errorf("%s stop: %w\n%s", c.script, err, out)
	}
	return nil
}

// createDatabase creates an empty database and returns its URL.
func (c *pgCluster) createDatabase(ctx context.Context, name string) (string, error) {
	db, err := sqlstore.Open(ctx, c.url)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Read.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(c.url)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}
