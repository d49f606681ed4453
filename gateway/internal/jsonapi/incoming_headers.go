package jsonapi

import (
	"strings"
	"sync"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
)

// incomingHeader is the mux's incoming header matcher: grpc-gateway's
// default (a standard HTTP header goes to the services as metadata
// grpcgateway-<name>), except for Authorization. grpc-gateway forwards that
// as "authorization" whatever the matcher says, which is what the services
// read; the default sent the credential a second time, as
// grpcgateway-authorization, doubling the largest header every call's
// header compression must encode and every service decode.
//
// The names the default forwards are remembered, already lower case as
// metadata keys are, rather than built again for every request; only they
// are, a fixed handful, so no client's header names fill the memory.
func incomingHeader(key string) (string, bool) {
	if key == "Authorization" {
		return "", false
	}
	if name, ok := forwardedNames.Load(key); ok {
		return name.(string), true
	}
	name, ok := runtime.DefaultHeaderMatcher(key)
	if ok {
		name = strings.ToLower(name)
		forwardedNames.Store(key, name)
	}
	return name, ok
}

// forwardedNames are the metadata keys of the headers the default matcher
// forwards, by the header's canonical name.
var forwardedNames sync.Map
