package linkedinsim

import (
	"html/template"
	"net/http"
)

// The consent page people see at /oauth/v2/authorization: who is asking, for
// what, as whom; Approve or Deny post the decision back. html/template
// escapes everything the request carried, so a crafted state or redirect
// cannot inject markup.

// membersOnConsentPage bounds the select box: a generated network of a
// hundred thousand members would make an unusable page. Use login_hint to
// sign in as anyone.
const membersOnConsentPage = 200

type consentPage struct {
	ClientID string
	Scopes   []string
	Params   map[string]string
	// Hinted is the member login_hint names; when nil, Members offers a choice.
	Hinted  *Member
	Members []*Member
	Problem string
}

func (s *Sim) renderConsent(w http.ResponseWriter, req *authorizationRequest, hinted *Member, problem string) {
	page := consentPage{ClientID: req.clientID, Scopes: scopeDescriptions(req.scopes), Params: map[string]string{}, Hinted: hinted, Problem: problem}
	for k, v := range req.params() {
		page.Params[k] = v[0]
	}
	if hinted == nil {
		page.Members = s.net.allMembers(membersOnConsentPage)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// The page must not be framed: a framing site could trick a click on Approve.
	w.Header().Set("X-Frame-Options", "DENY")
	_ = consentTemplate.Execute(w, page) // a write error means the browser left
}

func renderAuthorizationError(w http.ResponseWriter, problem string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_ = errorTemplate.Execute(w, problem)
}

const pageStyle = `<style>
body{font-family:system-ui,sans-serif;background:#f3f2ef;margin:0;padding:2rem}
main{max-width:34rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0003}
h1{font-size:1.3rem}.brand{color:#0a66c2;font-weight:700}.problem{color:#b24020}
button{font-size:1rem;padding:.5rem 1.5rem;border-radius:1.5rem;border:1px solid #0a66c2;margin-right:.5rem;cursor:pointer}
.approve{background:#0a66c2;color:#fff}.deny{background:#fff;color:#0a66c2}
small{color:#666}
</style>`

var consentTemplate = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Allow {{.ClientID}} to access your LinkedIn account</title>` + pageStyle + `</head>
<body><main>
<p class="brand">LinkedIn <small>(simulator)</small></p>
<h1><strong>{{.ClientID}}</strong> would like to:</h1>
<ul>{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
{{with .Problem}}<p class="problem">{{.}}</p>{{end}}
<form method="post" action="/oauth/v2/authorization">
{{range $k, $v := .Params}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}
{{if .Hinted}}<p>Signed in as <strong>{{.Hinted.FirstName}} {{.Hinted.LastName}}</strong> ({{index .Hinted.VerifiedEmails 0}})</p>
<input type="hidden" name="member" value="{{.Hinted.ID}}">
{{else}}<p><label>Sign in as <select name="member">
{{range .Members}}<option value="{{.ID}}">{{.FirstName}} {{.LastName}} ({{index .VerifiedEmails 0}})</option>
{{end}}</select></label></p>
{{end}}
<p><button class="approve" name="decision" value="approve">Allow</button>
<button class="deny" name="decision" value="deny">Cancel</button></p>
</form>
<p><small>You can remove this access at any time.</small></p>
</main></body></html>
`))

var errorTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization problem</title>` + pageStyle + `</head>
<body><main><p class="brand">LinkedIn <small>(simulator)</small></p>
<h1>This authorization request cannot be completed</h1><p class="problem">{{.}}</p></main></body></html>
`))
