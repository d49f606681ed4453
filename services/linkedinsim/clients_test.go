package linkedinsim

import "testing"

func TestRedirectPrefixesMatchAtABoundary(t *testing.T) {
	clients, err := parseClients(DefaultClients + ",other:s3cret:https://app.example/oauth/")
	if err != nil {
		t.Fatal(err)
	}
	dev, other := clients["liaison-dev"], clients["other"]
	for uri, want := range map[string]bool{
		"http://localhost":                             true,
		"http://localhost:8080/v1/linkedin/callback":   true,
		"http://127.0.0.1:41234/cb?x=1":                true,
		"http://localhost.evil.example/cb":             false,
		"http://localhostile/cb":                       false,
		"https://localhost/cb":                         false,
		"http://127.0.0.10/cb":                         false,
		"http://evil.example/?r=http://localhost:8080": false,
	} {
		if got := dev.allowsRedirect(uri); got != want {
			t.Errorf("dev client, %s: allowed=%v, want %v", uri, got, want)
		}
	}
	if !other.allowsRedirect("https://app.example/oauth/callback") || other.allowsRedirect("https://app.example/other") {
		t.Error("a prefix ending in / should match the paths under it only")
	}
	if !dev.authenticate("liaison-dev-secret") || dev.authenticate("liaison-dev-secre") {
		t.Error("client secret comparison is wrong")
	}
}

func TestParseClientsRejectsConflictingSecrets(t *testing.T) {
	if _, err := parseClients("a:one:http://x,a:two:http://y"); err == nil {
		t.Error("the same client with two secrets was accepted")
	}
}
