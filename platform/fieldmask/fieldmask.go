// Package fieldmask reads the update masks of Update calls: the fields a
// caller names, in proto or JSON spelling, and copies them between
// messages.
package fieldmask

import (
	"slices"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// Set is the fields a mask names.
type Set []string

// Has reports whether the mask names field.
func (s Set) Has(field string) bool { return slices.Contains(s, field) }

// Paths returns the mask's paths in proto (snake_case) spelling; callers
// may send JSON (camelCase) spelling too.
func Paths(mask *fieldmaskpb.FieldMask) Set {
	paths := make(Set, 0, len(mask.GetPaths()))
	for _, p := range mask.GetPaths() {
		out := make([]byte, 0, len(p)+4)
		for i := 0; i < len(p); i++ {
			if c := p[i]; c >= 'A' && c <= 'Z' {
				out = append(out, '_', c+'a'-'A')
			} else {
				out = append(out, c)
			}
		}
		paths = append(paths, string(out))
	}
	return paths
}

// Apply copies the top-level fields named by mask from src to dst. The
// request rules have already checked that every path is one the call
// allows.
func Apply(dst, src proto.Message, mask *fieldmaskpb.FieldMask) {
	d, s := dst.ProtoReflect(), src.ProtoReflect()
	fields := d.Descriptor().Fields()
	for _, path := range Paths(mask) {
		fd := fields.ByName(protoreflect.Name(path))
		if fd == nil {
			continue
		}
		if s.Has(fd) {
			d.Set(fd, s.Get(fd))
		} else {
			d.Clear(fd)
		}
	}
}
