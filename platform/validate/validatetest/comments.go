package validatetest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// The proto files are the API reference, and their comments are the only
// place a field's maximum is written: the descriptors compiled into Go
// carry no comments, so the test reads the files themselves.
var (
	packageLine = regexp.MustCompile(`^package ([\w.]+);`)
	scopeLine   = regexp.MustCompile(`^(message|enum|oneof|service) (\w+) \{(\})?`)
	fieldLine   = regexp.MustCompile(`^(?:repeated |optional )?(?:map<[^>]+>|[\w.]+) (\w+) = \d+`)
)

// comments holds the leading comment of every field of the .proto files
// read so far, by the field's full name.
type comments struct {
	root  string
	read  map[string]bool
	field map[protoreflect.FullName]string
}

func newComments(root string) *comments {
	return &comments{root: root, read: map[string]bool{}, field: map[protoreflect.FullName]string{}}
}

// of returns the leading comment of fd, reading its file on first use.
func (c *comments) of(fd protoreflect.FieldDescriptor) (string, error) {
	path := fd.ParentFile().Path()
	if !c.read[path] {
		src, err := os.ReadFile(filepath.Join(c.root, path))
		if err != nil {
			return "", err
		}
		c.parse(string(src))
		c.read[path] = true
	}
	return c.field[fd.FullName()], nil
}

// parse records the field comments of one file. It knows the shape buf
// format gives a file: one declaration per line, comments on the lines
// above what they describe.
func (c *comments) parse(src string) {
	type scope struct {
		kind, name string
	}
	var pkg string
	var stack []scope
	var comment []string
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if text, ok := strings.CutPrefix(line, "//"); ok {
			comment = append(comment, strings.TrimSpace(text))
			continue
		}
		if m := packageLine.FindStringSubmatch(line); m != nil {
			pkg = m[1]
		} else if m := scopeLine.FindStringSubmatch(line); m != nil && m[3] == "" {
			stack = append(stack, scope{m[1], m[2]})
		} else if line == "}" && len(stack) > 0 {
			stack = stack[:len(stack)-1]
		} else if m := fieldLine.FindStringSubmatch(line); m != nil && len(stack) > 0 {
			if k := stack[len(stack)-1].kind; k == "message" || k == "oneof" {
				name := pkg
				for _, s := range stack {
					if s.kind == "message" {
						name += "." + s.name
					}
				}
				c.field[protoreflect.FullName(name+"."+m[1])] = strings.Join(comment, " ")
			}
		}
		comment = nil
	}
}
