// Package console serves the web console at / from files embedded in the
// gateway's binary: nothing is fetched at run time. The files are built
// from web/ by `make console` and committed (dist/), so `make run` needs
// no Node.
package console

import "embed"

//go:embed dist/index.html dist/app.js dist/app.css
var dist embed.FS
