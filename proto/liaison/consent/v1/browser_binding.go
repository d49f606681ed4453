package consentv1

// BrowserBindingMetadata is the gRPC metadata key of the secret that binds a
// started connection to the browser that started it. StartConnection sends
// it in its response headers; the gateway keeps it in an HttpOnly cookie and
// sends it back with CompleteConnection. A callback from another browser
// (someone who was sent the authorization URL) is refused, so nobody can
// link their organization account to another person's LinkedIn account.
const BrowserBindingMetadata = "liaison-connect-binding"
