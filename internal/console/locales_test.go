package console

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestLocalesMatch: every page's strings exist in both languages, under
// the same keys, none empty; a string added in one language only would
// show its key to the other's users.
func TestLocalesMatch(t *testing.T) {
	root := filepath.Join("..", "..", "web", "src", "locales")
	zh, en := localeFiles(t, filepath.Join(root, "zh-CN")), localeFiles(t, filepath.Join(root, "en"))
	if len(zh) == 0 {
		t.Fatalf("no locale files in %s", root)
	}
	for _, name := range union(zh, en) {
		a, b := keys(t, filepath.Join(root, "zh-CN", name)), keys(t, filepath.Join(root, "en", name))
		for k := range a {
			if _, ok := b[k]; !ok {
				t.Errorf("%s: %q is in zh-CN, not in en", name, k)
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				t.Errorf("%s: %q is in en, not in zh-CN", name, k)
			}
		}
	}
}

func localeFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// keys flattens a locale file to its dotted keys; a missing file has none.
func keys(t *testing.T, path string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return map[string]bool{}
	}
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(prefix+k+".", x)
			}
		case string:
			if v == "" {
				t.Errorf("%s: %s is empty", path, prefix[:len(prefix)-1])
			}
			out[prefix[:len(prefix)-1]] = true
		default:
			t.Errorf("%s: %s is not a string", path, prefix[:len(prefix)-1])
		}
	}
	walk("", tree)
	return out
}
