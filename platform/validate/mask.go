package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/liaisonhq/liaison/platform/fieldmask"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// Mask checks an update mask names at least one field, each one of allowed
// and named once, and returns the fields it names.
func (r *Report) Mask(m *fieldmaskpb.FieldMask, allowed ...string) fieldmask.Set {
	if !r.Count("update_mask", len(m.GetPaths()), len(allowed), "paths, each field once") {
		return nil
	}
	paths := fieldmask.Paths(m)
	if len(paths) == 0 {
		r.Add("update_mask", "must name at least one field to change")
	}
	for i, p := range paths {
		switch {
		case !slices.Contains(allowed, p):
			r.Add("update_mask", fmt.Sprintf("cannot change %q; allowed: %s", p, strings.Join(allowed, ", ")))
		case slices.Contains(paths[:i], p):
			r.Add("update_mask", fmt.Sprintf("names %q twice", p))
		}
	}
	return paths
}
