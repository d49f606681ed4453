// Package migrations holds the contact-sync store's SQL migrations, one
// folder per dialect, embedded in the binary.
package migrations

import "embed"

// FS holds sqlite/ and postgres/.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
