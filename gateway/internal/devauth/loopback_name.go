package devauth

import (
	"fmt"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	"github.com/liaisonhq/liaison/gateway/internal/loopback"
)

// checkLoopbackName refuses a token request not addressed to this host by
// a loopback name (see package loopback for why a loopback client address
// is not enough).
func checkLoopbackName(r *http.Request) error {
	if loopback.IsName(loopback.HostOf(r.Host)) {
		return nil
	}
	return status.Error(codes.PermissionDenied, fmt.Sprintf(
		"dev tokens are minted only for requests addressed to this host by a loopback name (Host localhost, 127.0.0.1 or [::1], any port); this request's Host is %q, and a web page whose name points at this host must not get one",
		jsonapi.Shorten(r.Host)))
}
