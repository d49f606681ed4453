// Package kube starts a real Kubernetes API server for tests, with no
// kubelet: etcd (Debian's etcd-server) and kube-apiserver built from the
// Kubernetes source on the Go module proxy (scripts/build-kube-apiserver,
// cached per version). Every object the API server accepts has passed its
// validation and admission; pods are never scheduled.
package kube

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
)

// versionFile names the Kubernetes release the API server is built from,
// relative to the repository's root.
const versionFile = "scripts/kube-version"

// Cluster is a running API server and its etcd.
type Cluster struct {
	// URL is the API server's https URL; Token an admin's bearer token.
	URL, Token string
	// Kubeconfig is the path of a kubeconfig for helm (and kubectl).
	Kubeconfig string
	// Kubectl is the path of kubectl, built with the API server.
	Kubectl string
	dir     string
}

// Start starts etcd and the API server in a temporary folder, and stops
// them when the test ends. root is the repository's root.
func Start(t *testing.T, root string) *Cluster {
	t.Helper()
	bin := buildKubernetes(t, root)
	apiserver := filepath.Join(bin, "kube-apiserver")
	etcd, err := exec.LookPath("etcd")
	if err != nil {
		t.Fatal("etcd is missing: install Debian's etcd-server package (.ci/run does)")
	}
	dir := t.TempDir()
	c := &Cluster{dir: dir, Token: rand.Text(), Kubectl: filepath.Join(bin, "kubectl")}

	etcdPort, peerPort, apiPort := freePort(t), freePort(t), freePort(t)
	etcdURL := "http://127.0.0.1:" + strconv.Itoa(etcdPort)
	start(t, dir, "etcd", etcd,
		"--data-dir", filepath.Join(dir, "etcd"),
		"--listen-client-urls", etcdURL, "--advertise-client-urls", etcdURL,
		"--listen-peer-urls", "http://127.0.0.1:"+strconv.Itoa(peerPort),
		"--initial-advertise-peer-urls", "http://127.0.0.1:"+strconv.Itoa(peerPort),
		"--initial-cluster", "default=http://127.0.0.1:"+strconv.Itoa(peerPort))

	keyFile := filepath.Join(dir, "service-accounts.pem")
	writeRSAKey(t, keyFile)
	tokens := filepath.Join(dir, "tokens.csv")
	if err := os.WriteFile(tokens, []byte(c.Token+",admin,admin,system:masters\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	start(t, dir, "kube-apiserver", apiserver,
		"--etcd-servers", etcdURL,
		"--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1",
		"--secure-port", strconv.Itoa(apiPort), "--cert-dir", filepath.Join(dir, "certs"),
		"--service-account-issuer", "https://kubernetes.default.svc",
		"--service-account-key-file", keyFile, "--service-account-signing-key-file", keyFile,
		"--authorization-mode", "RBAC", "--token-auth-file", tokens,
		"--service-cluster-ip-range", "10.96.0.0/16",
		"--shutdown-delay-duration", "0s", "--shutdown-send-retry-after=false")
	c.URL = "https://127.0.0.1:" + strconv.Itoa(apiPort)
	c.waitReady(t)
	c.Kubeconfig = filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(c.Kubeconfig, []byte(c.kubeconfig()), 0o600); err != nil {
		t.Fatal(err)
	}
	return c
}

// buildKubernetes builds (or finds in the machine's cache) kube-apiserver
// and kubectl, and returns their folder.
func buildKubernetes(t *testing.T, root string) string {
	t.Helper()
	version, err := os.ReadFile(filepath.Join(root, versionFile))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "build-kube-apiserver"), strings.TrimSpace(string(version)))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("building kube-apiserver and kubectl %s: %v", version, err)
	}
	return strings.TrimSpace(string(out))
}

// start runs a process, its output in dir/NAME.log, and kills it at the
// end of the test (the API server does not stop quickly on SIGTERM).
func start(t *testing.T, dir, name, path string, args ...string) {
	t.Helper()
	log, err := os.OpenFile(filepath.Join(dir, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = log.Close()
		if t.Failed() {
			if out, err := os.ReadFile(log.Name()); err == nil {
				t.Logf("%s's log (last 3000 bytes):\n%s", name, tail(out, 3000))
			}
		}
	})
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// waitReady waits up to a minute for /readyz.
func (c *Cluster) waitReady(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var last error
	for ctx.Err() == nil {
		status, _, err := c.Get(ctx, "/readyz")
		if err == nil && status == http.StatusOK {
			return
		}
		last = errors.Join(err, fmt.Errorf("status %d", status))
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("kube-apiserver did not become ready: %v", last)
}

// Get reads path from the API server as the admin.
func (c *Cluster) Get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	// The API server's certificate is its own, made at start.
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func (c *Cluster) kubeconfig() string {
	return `apiVersion: v1
kind: Config
clusters:
  - name: test
    cluster:
      server: ` + c.URL + `
      insecure-skip-tls-verify: true
users:
  - name: admin
    user:
      token: ` + c.Token + `
contexts:
  - name: test
    context: {cluster: test, user: admin}
current-context: test
`
}

func writeRSAKey(t *testing.T, path string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	block := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	addr, err := suite.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(port)
	return n
}

// GetJSON reads path as JSON into out, failing the test on any error.
func (c *Cluster) GetJSON(t *testing.T, path string, out any) {
	t.Helper()
	status, body, err := c.Get(context.Background(), path)
	if err != nil || status != http.StatusOK {
		t.Fatalf("GET %s: %d %v %s", path, status, err, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// Count is how many objects the list at path holds.
func (c *Cluster) Count(t *testing.T, path string) int {
	t.Helper()
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	c.GetJSON(t, path, &list)
	return len(list.Items)
}
