// Package migrations holds the platform's own tables, which every service's
// database has beside the service's: the change log, its retention horizon,
// the cursors of the streams a service follows and the leases that let one
// replica at a time do a job. One folder per dialect, embedded in every
// binary and applied before the service's own migrations.
package migrations

import "embed"

// FS holds sqlite/ and postgres/.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
