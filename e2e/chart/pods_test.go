package chart

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/liaisonhq/liaison/e2e/internal/kube"
	"github.com/liaisonhq/liaison/e2e/internal/suite"
	"github.com/liaisonhq/liaison/platform/launch"
)

// The parts of a Deployment the local start reads, as the API server
// returns it.
type (
	deployment struct {
		Metadata struct{ Name string } `json:"metadata"`
		Spec     struct {
			Template struct {
				Spec struct {
					InitContainers []container `json:"initContainers"`
					Containers     []container `json:"containers"`
					Volumes        []volume    `json:"volumes"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	container struct {
		Name  string   `json:"name"`
		Image string   `json:"image"`
		Args  []string `json:"args"`
		Env   []envVar `json:"env"`
		Ports []struct {
			ContainerPort int `json:"containerPort"`
		} `json:"ports"`
		VolumeMounts   []struct{ Name, MountPath string } `json:"volumeMounts"`
		ReadinessProbe struct {
			GRPC    *struct{ Port int } `json:"grpc"`
			HTTPGet *struct {
				Path string `json:"path"`
				Port int    `json:"port"`
			} `json:"httpGet"`
		} `json:"readinessProbe"`
	}
	envVar struct {
		Name      string `json:"name"`
		Value     string `json:"value"`
		ValueFrom *struct {
			SecretKeyRef *struct{ Name, Key string } `json:"secretKeyRef"`
		} `json:"valueFrom"`
	}
	volume struct {
		Name   string `json:"name"`
		Secret *struct {
			SecretName string                       `json:"secretName"`
			Items      []struct{ Key, Path string } `json:"items"`
		} `json:"secret"`
	}
	deploymentList struct {
		Items []deployment `json:"items"`
	}
)

// startRenderedPods starts, on this machine, each binary of the release's
// Deployments with exactly their containers' arguments and environment,
// their Secrets' files where the pod would mount them: the migrate init
// container to its end, then the server, until its readiness probe passes.
// Only addresses change: each Service's name and port becomes a loopback
// port. The binaries in bin are the images' (buildStatic); the Secrets are
// secrets (name -> key -> value); databases are SQLite files.
func startRenderedPods(t *testing.T, c *kube.Cluster, bin, namespace string, secrets map[string]map[string]string) {
	t.Helper()
	var list deploymentList
	c.GetJSON(t, "/apis/apps/v1/namespaces/"+namespace+"/deployments", &list)
	var services struct {
		Items []struct {
			Metadata struct{ Name string } `json:"metadata"`
			Spec     struct {
				Ports []struct {
					Port int `json:"port"`
				} `json:"ports"`
			} `json:"spec"`
		} `json:"items"`
	}
	c.GetJSON(t, "/api/v1/namespaces/"+namespace+"/services", &services)
	byComponent := map[string]deployment{}
	ports := localPorts{}
	local := map[string]string{} // "service:port" -> its component's loopback address
	for _, d := range list.Items {
		server := d.Spec.Template.Spec.Containers[0]
		component := componentOf(server.Image)
		byComponent[component] = d
		for _, s := range services.Items {
			if s.Metadata.Name == d.Metadata.Name {
				for _, p := range s.Spec.Ports {
					local[fmt.Sprintf("%s:%d", s.Metadata.Name, p.Port)] = ports.addr(t, component, server.Ports[0].ContainerPort)
				}
			}
		}
	}

	dir := t.TempDir()
	var running []process
	// All stop at once, as a Deployment's pods would: each drains (the
	// rendered --shutdown-drain) before it exits.
	t.Cleanup(func() { stopAll(t, running) })
	for _, spec := range launch.System {
		d, ok := byComponent[spec.Name]
		if !ok {
			t.Fatalf("no Deployment for %s", spec.Name)
		}
		volumes := writeVolumes(t, filepath.Join(dir, spec.Name), d, secrets)
		for _, init := range d.Spec.Template.Spec.InitContainers {
			cmd := command(t, bin, dir, spec.Name, init, mountsOf(init, volumes), local, secrets, ports)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s's %s container (%v): %v\n%s", spec.Name, init.Name, init.Args, err, out)
			}
		}
		server := d.Spec.Template.Spec.Containers[0]
		cmd := command(t, bin, dir, spec.Name, server, mountsOf(server, volumes), local, secrets, ports)
		logFile, err := os.Create(filepath.Join(dir, spec.Name+".log"))
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatalf("%s: %v", spec.Name, err)
		}
		running = append(running, process{name: spec.Name, cmd: cmd, log: logFile.Name()})
		waitReady(t, spec.Name, server, ports)
		wantMetrics(t, spec.Name, server, ports)
	}
}

// process is a started server.
type process struct {
	name, log string
	cmd       *exec.Cmd
}

// stopAll interrupts every process, waits for all (killing any still up
// after 30 seconds), and shows their logs when the test failed.
func stopAll(t *testing.T, running []process) {
	for _, p := range running {
		_ = p.cmd.Process.Signal(os.Interrupt)
	}
	deadline := time.After(30 * time.Second)
	for _, p := range running {
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-deadline:
			_ = p.cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			out, _ := os.ReadFile(p.log)
			t.Logf("%s's log:\n%s", p.name, tailOf(out, 2000))
		}
	}
}

// buildStatic builds the binaries as the images hold them (make
// build-static) and returns their folder.
func buildStatic(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	build := exec.Command("make", "--no-print-directory", "-C", root, "build-static", "STATIC_BIN="+bin)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make build-static: %v\n%s", err, out)
	}
	return bin
}

// command is the container's command line and environment on this machine.
func command(t *testing.T, bin, dir, component string, c container, mounts, local map[string]string,
	secrets map[string]map[string]string, ports localPorts) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "liaison-"+component), c.Args...)
	cmd.Dir = dir
	cmd.Env = []string{"HOME=" + dir, "TMPDIR=" + t.TempDir()}
	for _, e := range c.Env {
		value := e.Value
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			ref := e.ValueFrom.SecretKeyRef
			v, ok := secrets[ref.Name][ref.Key]
			if !ok {
				t.Fatalf("%s's %s reads Secret %s key %s, which the test does not hold", component, e.Name, ref.Name, ref.Key)
			}
			value = v
		}
		value = localize(value, mounts, local)
		if strings.HasSuffix(e.Name, "_ADDR") && strings.HasPrefix(value, ":") {
			// One of the pod's own listen addresses.
			port, err := strconv.Atoi(value[1:])
			if err != nil {
				t.Fatalf("%s's %s=%s", component, e.Name, value)
			}
			value = ports.addr(t, component, port)
		}
		cmd.Env = append(cmd.Env, e.Name+"="+value)
	}
	return cmd
}

// localize rewrites a value's mount paths to their folders here, and its
// Service addresses to loopback ones.
func localize(value string, mounts, local map[string]string) string {
	// One mount at most: the deepest that holds the path. (A folder here
	// may itself lie under a mount path, such as /tmp.)
	deepest := ""
	for path := range mounts {
		if (value == path || strings.HasPrefix(value, path+"/")) && len(path) > len(deepest) {
			deepest = path
		}
	}
	if deepest != "" {
		value = mounts[deepest] + strings.TrimPrefix(value, deepest)
	}
	for service, addr := range local {
		value = strings.ReplaceAll(value, service, addr)
	}
	return value
}

// writeVolumes writes each Secret volume's items into a folder of its own,
// and returns volume name -> folder.
func writeVolumes(t *testing.T, dir string, d deployment, secrets map[string]map[string]string) map[string]string {
	t.Helper()
	folders := map[string]string{}
	for _, v := range d.Spec.Template.Spec.Volumes {
		folder := filepath.Join(dir, v.Name)
		if err := os.MkdirAll(folder, 0o700); err != nil {
			t.Fatal(err)
		}
		folders[v.Name] = folder
		if v.Secret == nil {
			continue
		}
		for _, item := range v.Secret.Items {
			data, ok := secrets[v.Secret.SecretName][item.Key]
			if !ok {
				t.Fatalf("volume %s mounts Secret %s key %s, which the test does not hold", v.Name, v.Secret.SecretName, item.Key)
			}
			if err := os.WriteFile(filepath.Join(folder, item.Path), []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return folders
}

// mountsOf is where the container mounts each volume: mount path ->
// folder. Only its own mounts: a file it reads but does not mount is
// missing here as in the pod.
func mountsOf(c container, volumes map[string]string) map[string]string {
	mounts := map[string]string{}
	for _, m := range c.VolumeMounts {
		mounts[m.MountPath] = volumes[m.Name]
	}
	return mounts
}

// waitReady asks what the container's readiness probe asks, at the probed
// port's address here, for up to 30 seconds.
func waitReady(t *testing.T, component string, c container, ports localPorts) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		switch p := c.ReadinessProbe; {
		case p.GRPC != nil:
			last = grpcServing(ports.addr(t, component, p.GRPC.Port))
		case p.HTTPGet != nil:
			last = httpOK("http://" + ports.addr(t, component, p.HTTPGet.Port) + p.HTTPGet.Path)
		default:
			t.Fatalf("%s has no readiness probe", component)
		}
		if last == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s never became ready: %v", component, last)
}

// wantMetrics scrapes the container's metrics port, when it has one.
func wantMetrics(t *testing.T, component string, c container, ports localPorts) {
	t.Helper()
	for _, e := range c.Env {
		if e.Name != "LIAISON_METRICS_ADDR" {
			continue
		}
		port, _ := strconv.Atoi(strings.TrimPrefix(e.Value, ":"))
		resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + ports.addr(t, component, port) + "/metrics")
		if err != nil {
			t.Fatalf("%s's metrics: %v", component, err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "go_goroutines") {
			t.Errorf("%s's /metrics: %s\n%.300s", component, resp.Status, body)
		}
		return
	}
	t.Errorf("%s serves no metrics", component)
}

func grpcServing(addr string) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		return err
	}
	if resp.Status != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("health %s", resp.Status)
	}
	return nil
}

func httpOK(url string) error {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	return nil
}

// componentOf is the component an image is of: REGISTRY/COMPONENT:TAG.
func componentOf(image string) string {
	name := image[strings.LastIndex(image, "/")+1:]
	return strings.SplitN(name, ":", 2)[0]
}

// localPorts are the loopback addresses standing for each component's
// container ports, made as they are first asked for.
type localPorts map[string]map[int]string

func (l localPorts) addr(t *testing.T, component string, port int) string {
	t.Helper()
	if l[component] == nil {
		l[component] = map[int]string{}
	}
	if a, ok := l[component][port]; ok {
		return a
	}
	l[component][port] = freeAddr(t)
	return l[component][port]
}

func freeAddr(t *testing.T) string {
	t.Helper()
	addr, err := suite.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return addr
}

func tailOf(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// testSecrets are the Secrets a release named release needs, as an
// operator would create them: SQLite databases in dir, a signing key per
// service, the token key, LinkedIn's (the simulator's) client secret.
func testSecrets(t *testing.T, release, dir string) map[string]map[string]string {
	t.Helper()
	prefix := release + "-liaison-"
	keys := map[string]string{}
	for _, service := range []string{"policy", "consent", "contact-sync", "profile-card"} {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		private, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		public, err := x509.MarshalPKIXPublicKey(key.Public())
		if err != nil {
			t.Fatal(err)
		}
		keys[service+".pem"] = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: private}))
		keys[service+".pub"] = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: public}))
	}
	token := make([]byte, 32)
	_, _ = rand.Read(token)
	return map[string]map[string]string{
		prefix + "database": {
			"policy":       "sqlite:" + filepath.Join(dir, "policy.db"),
			"consent":      "sqlite:" + filepath.Join(dir, "consent.db"),
			"contact-sync": "sqlite:" + filepath.Join(dir, "contact-sync.db"),
		},
		prefix + "service-keys": keys,
		prefix + "token-key":    {"token.key": base64.StdEncoding.EncodeToString(token)},
		prefix + "linkedin":     {"client-secret": "liaison-dev-secret"},
	}
}
