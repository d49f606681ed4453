package linkedinsim

import (
	"crypto/subtle"
	"fmt"
	"github.com/liaisonhq/liaison/platform/redirect"
	"strings"
)

// client is a registered OAuth client: an application (Liaison's consent
// service) that members authorize to act on their behalf.
type client struct {
	id     string
	secret string
	// redirectPrefixes are where authorization responses may be sent. A
	// prefix matches a whole host or path segment, so "http://localhost"
	// allows "http://localhost:8080/cb" but not "http://localhost.evil/".
	redirectPrefixes []string
}

// parseClients reads "id:secret:redirectPrefix[,...]". The prefix itself
// contains colons (a scheme, a port), so only the first two separate fields.
func parseClients(spec string) (map[string]*client, error) {
	clients := map[string]*client{}
	for entry := range strings.SplitSeq(spec, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		parts := strings.SplitN(entry, ":", 3)
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return nil, fmt.Errorf(`clients: %q is not "id:secret:redirectPrefix"`, entry)
		}
		id, secret, prefix := parts[0], parts[1], parts[2]
		if !strings.HasPrefix(prefix, "http://") && !strings.HasPrefix(prefix, "https://") {
			return nil, fmt.Errorf("clients: redirect prefix %q of %s is not an http(s) URL", prefix, id)
		}
		c, ok := clients[id]
		if !ok {
			c = &client{id: id, secret: secret}
			clients[id] = c
		} else if c.secret != secret {
			return nil, fmt.Errorf("clients: %s is registered twice with different secrets", id)
		}
		c.redirectPrefixes = append(c.redirectPrefixes, prefix)
	}
	if len(clients) == 0 {
		return nil, fmt.Errorf("clients: none registered")
	}
	return clients, nil
}

// allowsRedirect reports whether uri lies under one of the client's
// registered redirect prefixes, compared as parsed URLs.
func (c *client) allowsRedirect(uri string) bool {
	return redirect.Allowed(uri, c.redirectPrefixes)
}

// authenticate compares the secret in constant time: the token endpoint must
// not leak how much of a guessed secret was right.
func (c *client) authenticate(secret string) bool {
	return subtle.ConstantTimeCompare([]byte(c.secret), []byte(secret)) == 1
}
