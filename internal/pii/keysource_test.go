package pii

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func noEnv(string) string { return "" }

func TestParseKeyring_Accepts(t *testing.T) {
	a, b := testKey("a", 1), testKey("b", 2)
	raw := base64.RawStdEncoding.EncodeToString(a.Secret)
	for _, tc := range []struct {
		name, in string
		current  string
		ids      []string
	}{
		{"a bare key gets the default id", b64(a), "1", []string{"1"}},
		{"a bare key may omit padding", raw, "1", []string{"1"}},
		{"one named key", "a:" + b64(a), "a", []string{"a"}},
		{"several keys, the first current", "b:" + b64(b) + ",a:" + b64(a), "b", []string{"b", "a"}},
		{"spaces, newlines, comments and trailing commas are ignored",
			"# rotated 2026-01\n b : " + b64(b) + " ,\n\na:" + b64(a) + ",\n", "b", []string{"b", "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseKeyring(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if k.CurrentID() != tc.current || strings.Join(k.IDs(), ",") != strings.Join(tc.ids, ",") {
				t.Fatalf("current %q, ids %v; want %q, %v", k.CurrentID(), k.IDs(), tc.current, tc.ids)
			}
		})
	}
}

func TestParseKeyring_Refuses(t *testing.T) {
	good := b64(testKey("x", 3))
	short := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 16))
	long := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 33))
	zero := base64.StdEncoding.EncodeToString(make([]byte, 32))
	for _, tc := range []struct {
		name, in, wantInError string
	}{
		{"nothing", " ,\n# only a comment\n", "no key found"},
		{"bad base64", "1:not*base64!", "not base64"},
		{"a 16-byte key", "1:" + short, "is 16 bytes, want 32"},
		{"a 33-byte key", "1:" + long, "is 33 bytes, want 32"},
		{"an all-zero key", zero, "all zeros"},
		{"an empty id", ":" + good, "the id before ':'"},
		{"an id with a space", "my key:" + good, "the id before ':'"},
		{"an id too long", strings.Repeat("k", 17) + ":" + good, "the id before ':'"},
		{"a repeated id", "1:" + good + ",1:" + b64(testKey("y", 4)), "appears twice"},
		{"a bare key among several", "2:" + good + "," + b64(testKey("y", 4)), "key 2 has no id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseKeyring(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.wantInError) {
				t.Fatalf("err = %v, want one saying %q", err, tc.wantInError)
			}
			for _, secret := range []string{good, short, long, "not*base64!"} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("error %q contains key material", err)
				}
			}
		})
	}
}

func TestLoadKeyring_PrefersTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	k, err := LoadKeyring(env(map[string]string{EnvMasterKey: "env:" + b64(testKey("", 5))}), dir, CreateKeyFile)
	if err != nil || k.CurrentID() != "env" {
		t.Fatalf("LoadKeyring = %v, %v; want the key from %s", k, err, EnvMasterKey)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); !os.IsNotExist(err) {
		t.Fatalf("a key file was created although %s is set: %v", EnvMasterKey, err)
	}
}

func TestLoadKeyring_EnvironmentErrorsNameTheVariable(t *testing.T) {
	_, err := LoadKeyring(env(map[string]string{EnvMasterKey: "1:abc"}), t.TempDir(), CreateKeyFile)
	if err == nil || !strings.HasPrefix(err.Error(), EnvMasterKey+": ") {
		t.Fatalf("err = %v, want one starting with %s", err, EnvMasterKey)
	}
}

func TestLoadKeyring_WithoutDataDirNeedsTheEnvironment(t *testing.T) {
	_, err := LoadKeyring(noEnv, "", CreateKeyFile)
	if err == nil || !strings.Contains(err.Error(), "set "+EnvMasterKey) {
		t.Fatalf("err = %v, want one telling to set %s", err, EnvMasterKey)
	}
}

func TestLoadKeyring_CreatesAKeyFileOnFirstUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fnshub-data")
	first, err := LoadKeyring(noEnv, dir, CreateKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, KeyFileName)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %04o, want 0600", info.Mode().Perm())
	}
	if first.CurrentID() != DefaultKeyID {
		t.Fatalf("new key id %q, want %q", first.CurrentID(), DefaultKeyID)
	}
	blob, _ := first.Seal([]byte("张三丰"), orderAAD)

	second, err := LoadKeyring(noEnv, dir, CreateKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := second.Open(blob, orderAAD); err != nil || string(got) != "张三丰" {
		t.Fatalf("the key file does not give the same key on the next start: %q, %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("data dir holds %d entries, want only %s", len(entries), KeyFileName)
	}
}

func TestLoadKeyring_ConcurrentFirstStartsAgree(t *testing.T) {
	dir := t.TempDir()
	keyrings := make([]*Keyring, 8)
	var wg sync.WaitGroup
	for i := range keyrings {
		wg.Go(func() {
			k, err := LoadKeyring(noEnv, dir, CreateKeyFile)
			if err != nil {
				t.Error(err)
			}
			keyrings[i] = k
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	blob, _ := keyrings[0].Seal([]byte("x"), nil)
	for i, k := range keyrings {
		if _, err := k.Open(blob, nil); err != nil {
			t.Fatalf("start %d created or read a different key: %v", i, err)
		}
	}
}

func TestLoadKeyring_RefusesAKeyFileOthersCanRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes do not describe access on Windows")
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		dir := t.TempDir()
		path := filepath.Join(dir, KeyFileName)
		writeFile(t, path, "1:"+b64(testKey("", 5)), mode)
		_, err := LoadKeyring(noEnv, dir, CreateKeyFile)
		if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Fatalf("mode %04o: err = %v, want a refusal saying to chmod 600", mode, err)
		}
		if strings.Contains(err.Error(), b64(testKey("", 5))) {
			t.Fatalf("error %q contains the key", err)
		}
	}
}

func TestLoadKeyring_ReadsAHandWrittenKeyFileWithRotation(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, KeyFileName), "# rotated\n2:"+b64(testKey("", 6))+"\n1:"+b64(testKey("", 5))+"\n", 0o600)
	k, err := LoadKeyring(noEnv, dir, CreateKeyFile)
	if err != nil || strings.Join(k.IDs(), ",") != "2,1" {
		t.Fatalf("LoadKeyring = %v, %v; want keys 2,1", k, err)
	}
}

func TestLoadKeyring_ReportsABrokenKeyFile(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "", "no key found"},
		{"a short key", "1:" + base64.StdEncoding.EncodeToString([]byte("short")), "is 5 bytes, want 32"},
		{"not base64", "1:%%%", "not base64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, KeyFileName)
			writeFile(t, path, tc.body, 0o600)
			_, err := LoadKeyring(noEnv, dir, CreateKeyFile)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want one naming %s and saying %q", err, path, tc.want)
			}
		})
	}
}

// A key file that cannot be opened (here a symbolic link to itself, which
// fails for root too, unlike a mode-000 file) is reported, not replaced by a
// new key that would orphan everything sealed so far.
func TestLoadKeyring_ReportsAnUnreadableKeyFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFileName)
	if err := os.Symlink(path, path); err != nil {
		t.Fatal(err)
	}
	_, err := LoadKeyring(noEnv, dir, CreateKeyFile)
	if err == nil || !strings.Contains(err.Error(), "cannot read key file") {
		t.Fatalf("err = %v, want one saying the key file cannot be read", err)
	}
}

func TestLoadKeyring_RefusesADirectoryAsKeyFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, KeyFileName), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKeyring(noEnv, dir, CreateKeyFile); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err = %v, want one saying it is not a regular file", err)
	}
}

func writeFile(t *testing.T, path, body string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // WriteFile's mode is subject to umask
		t.Fatal(err)
	}
}

func TestLoadKeyring_NeverMakesANewKeyWhenDataIsSealed(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadKeyring(noEnv, dir, RequireKeyFile)
	if err == nil || !strings.Contains(err.Error(), "restore it") || !strings.Contains(err.Error(), EnvMasterKey) {
		t.Fatalf("LoadKeyring without a key file over sealed data = %v, want a refusal saying how to fix it", err)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); !os.IsNotExist(err) {
		t.Fatalf("a key file was created: %v", err)
	}
	k := mustKeyring(t, testKey("1", 7))
	got, err := LoadKeyring(env(map[string]string{EnvMasterKey: "1:" + b64(testKey("1", 7))}), dir, RequireKeyFile)
	if err != nil || got.CurrentID() != k.CurrentID() {
		t.Fatalf("the variable still serves: %v, %v", got, err)
	}
}

func TestCreateKeyFile_AFailedDirectorySyncIsAnError(t *testing.T) {
	dir := t.TempDir()
	broken := func(string) error { return errors.New("EIO") }
	err := createKeyFile(dir, filepath.Join(dir, KeyFileName), broken)
	if err == nil || !strings.Contains(err.Error(), "EIO") || !strings.Contains(err.Error(), "crash") {
		t.Fatalf("createKeyFile with a failing directory sync = %v, want the failure", err)
	}
	if err := syncDir(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("syncDir of a missing directory succeeded")
	}
	if err := syncDir(dir); err != nil {
		t.Fatalf("syncDir of a real directory: %v", err)
	}
}
