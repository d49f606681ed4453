package policy

import (
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// maskPaths returns the mask's paths in proto (snake_case) spelling; callers
// may send JSON (camelCase) spelling too.
func maskPaths(mask *fieldmaskpb.FieldMask) []string {
	paths := make([]string, 0, len(mask.GetPaths()))
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

// applyMask copies the top-level fields named by mask from src to dst. The
// request rules have already checked that every path is one the RPC allows.
func applyMask(dst, src proto.Message, mask *fieldmaskpb.FieldMask) {
	d, s := dst.ProtoReflect(), src.ProtoReflect()
	fields := d.Descriptor().Fields()
	for _, path := range maskPaths(mask) {
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
