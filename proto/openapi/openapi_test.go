package openapi_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaisonhq/liaison/proto/openapi"
)

func TestDocumentDescribesTheAPI(t *testing.T) {
	var doc struct {
		Info  struct{ Title string }
		Paths map[string]any
	}
	if err := json.Unmarshal(openapi.Document, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.Title != "Liaison API" {
		t.Errorf("title %q: a proto file is missing from openapi_options.yaml", doc.Info.Title)
	}
	for _, path := range []string{"/v1/tenants/{tenant}/linkedinSettings", "/v1/me/linkedinConnection"} {
		if _, ok := doc.Paths[path]; !ok {
			t.Errorf("no path %s", path)
		}
	}
}

// The merged document takes its info from whichever file comes first, so
// every proto file must carry the options.
func TestEveryProtoFileHasTheOptions(t *testing.T) {
	options, err := os.ReadFile("openapi_options.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".proto") {
			return err
		}
		name := strings.TrimPrefix(filepath.ToSlash(path), "../")
		if !strings.Contains(string(options), `"`+name+`"`) {
			t.Errorf("openapi_options.yaml does not list %s", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
