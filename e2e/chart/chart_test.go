// Package chart proves the Helm chart against a real Kubernetes API server
// (e2e/internal/kube): helm lint and template, then install, a server-side
// dry run first, and an upgrade, every object validated and admitted by
// Kubernetes itself.
package chart

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/e2e/internal/kube"
	"github.com/liaisonhq/liaison/platform/mtls/mtlstest"
)

const (
	root       = "../.."
	chart      = root + "/deploy/helm/liaison"
	production = chart + "/ci/production-values.yaml"
)

// helm runs the pinned helm (make tools) and returns its output.
func helm(t *testing.T, kubeconfig string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(root, ".bin", "helm"), args...)
	if kubeconfig != "" {
		cmd.Env = append(cmd.Environ(), "KUBECONFIG="+kubeconfig)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestChartLintsAndRenders(t *testing.T) {
	helm(t, "", "lint", "--strict", chart)
	helm(t, "", "lint", "--strict", chart, "-f", production)
	for name, values := range map[string][]string{"default": nil, "production": {"-f", production}} {
		out := helm(t, "", append([]string{"template", "liaison", chart}, values...)...)
		for _, kind := range []string{"Deployment", "Service", "NetworkPolicy", "PodDisruptionBudget", "ServiceAccount"} {
			if !strings.Contains(out, "\nkind: "+kind+"\n") {
				t.Errorf("%s values render no %s", name, kind)
			}
		}
	}
}

func TestChartInstallsIntoARealAPIServer(t *testing.T) {
	c := kube.Start(t, root)
	install := []string{"install", "liaison", chart, "-n", "liaison", "--create-namespace", "-f", production}

	helm(t, c.Kubeconfig, append(install, "--dry-run=server")...)
	helm(t, c.Kubeconfig, install...)
	status := helm(t, c.Kubeconfig, "status", "liaison", "-n", "liaison", "-o", "json")
	if !strings.Contains(status, `"status":"deployed"`) {
		t.Fatalf("helm status: %s", status)
	}

	for path, want := range map[string]int{
		"/apis/apps/v1/namespaces/liaison/deployments":                     5,
		"/api/v1/namespaces/liaison/services":                              5,
		"/apis/networking.k8s.io/v1/namespaces/liaison/networkpolicies":    5,
		"/apis/policy/v1/namespaces/liaison/poddisruptionbudgets":          5,
		"/apis/autoscaling/v2/namespaces/liaison/horizontalpodautoscalers": 3,
		"/apis/networking.k8s.io/v1/namespaces/liaison/ingresses":          1,
	} {
		if got := c.Count(t, path); got != want {
			t.Errorf("GET %s: %d objects, want %d", path, got, want)
		}
	}

	// As an operator sees them.
	get := exec.Command(c.Kubectl, "--kubeconfig", c.Kubeconfig, "-n", "liaison", "get", "deployments,services,networkpolicies,poddisruptionbudgets,horizontalpodautoscalers,ingresses")
	out, err := get.CombinedOutput()
	if err != nil {
		t.Fatalf("kubectl get: %v\n%s", err, out)
	}
	for _, name := range []string{"deployment.apps/liaison-policy", "service/liaison-gateway", "networkpolicy.networking.k8s.io/liaison-consent",
		"poddisruptionbudget.policy/liaison-profile-card", "horizontalpodautoscaler.autoscaling/liaison-gateway", "ingress.networking.k8s.io/liaison-gateway"} {
		if !strings.Contains(string(out), name) {
			t.Errorf("kubectl get shows no %s:\n%s", name, out)
		}
	}

	helm(t, c.Kubeconfig, "upgrade", "liaison", chart, "-n", "liaison", "-f", production, "--set", "profileCard.cacheTtl=10m")
	var deployment struct {
		Spec struct {
			Template struct {
				Spec struct {
					Containers []struct {
						Env []struct{ Name, Value string } `json:"env"`
					} `json:"containers"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	c.GetJSON(t, "/apis/apps/v1/namespaces/liaison/deployments/liaison-profile-card", &deployment)
	found := false
	for _, e := range deployment.Spec.Template.Spec.Containers[0].Env {
		found = found || (e.Name == "LIAISON_CACHE_TTL" && e.Value == "10m")
	}
	if !found {
		t.Errorf("after the upgrade, profile-card's environment is %+v", deployment.Spec.Template.Spec.Containers[0].Env)
	}

	// The default values install as well, in a namespace of their own.
	helm(t, c.Kubeconfig, "install", "demo", chart, "-n", "demo", "--create-namespace")
	if got := c.Count(t, "/apis/apps/v1/namespaces/demo/deployments"); got != 5 {
		t.Errorf("the default values made %d deployments, want 5", got)
	}

	// No kubelet runs here: each binary starts on this machine with what a
	// release with the simulator gives its pods, and serves.
	helm(t, c.Kubeconfig, "install", "local", chart, "-n", "local", "--create-namespace",
		"--set", "simulator.enabled=true", "--set", "linkedin.clientId=liaison-dev")
	bin := buildStatic(t)
	startRenderedPods(t, c, bin, "local", testSecrets(t, "local", t.TempDir()))

	// And with mutual TLS between the components: each serves and calls
	// with its own certificate, and the probes ask the health-only ports.
	helm(t, c.Kubeconfig, "install", "secure", chart, "-n", "secure", "--create-namespace",
		"--set", "simulator.enabled=true", "--set", "linkedin.clientId=liaison-dev", "--set", "mtls.enabled=true")
	secrets := testSecrets(t, "secure", t.TempDir())
	ca := mtlstest.NewAuthority(t, "liaison-test-ca")
	for _, component := range []string{"policy", "consent", "contact-sync", "profile-card", "gateway"} {
		cert, key := ca.Pair(t, "secure-liaison-"+component)
		secrets["secure-liaison-"+component+"-tls"] = map[string]string{"tls.crt": string(cert), "tls.key": string(key), "ca.crt": string(ca.PEM)}
	}
	startRenderedPods(t, c, bin, "secure", secrets)
}
