package pii

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

const (
	// EnvMasterKey names the variable that, when set, holds the master keys
	// and wins over the key file.
	EnvMasterKey = "FNSHUB_MASTER_KEY"
	// KeyFileName is the key file inside the data directory.
	KeyFileName = "master.key"
	// DefaultKeyID is the id of a key written without one, and of the key
	// in a newly created key file, so both spellings name the same key.
	DefaultKeyID = "1"
)

// maxKeyFileSize bounds what LoadKeyring reads: a key file holds a few lines.
const maxKeyFileSize = 64 << 10

// ParseKeyring reads keys written as "id:base64" entries separated by commas
// or newlines, the first being current; a single key may omit "id:" and is
// then DefaultKeyID. Lines starting with '#' are comments, so a key file can
// explain itself. Errors name the entry by id or position, never its text.
func ParseKeyring(s string) (*Keyring, error) {
	var entries []string
	for line := range strings.Lines(s) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for e := range strings.SplitSeq(line, ",") {
			if e = strings.TrimSpace(e); e != "" {
				entries = append(entries, e)
			}
		}
	}
	if len(entries) == 0 {
		return nil, errors.New("pii: no key found; write one as id:base64, e.g. 1:$(openssl rand -base64 32)")
	}
	keys := make([]Key, 0, len(entries))
	for i, e := range entries {
		id, b64, named := strings.Cut(e, ":")
		if !named && len(entries) > 1 {
			return nil, fmt.Errorf("pii: key %d has no id; with several keys write each as id:base64, the current one first", i+1)
		}
		if !named {
			id, b64 = DefaultKeyID, e
		}
		id, b64 = strings.TrimSpace(id), strings.TrimSpace(b64)
		if !validKeyID(id) {
			return nil, fmt.Errorf("pii: key %d: the id before ':' must be 1–%d characters of A–Z, a–z, 0–9, '.', '_' or '-'", i+1, maxKeyIDLen)
		}
		secret, err := decodeKey(b64)
		if err != nil {
			return nil, fmt.Errorf("pii: key %q is not base64; write 32 random bytes in standard base64, e.g. from `openssl rand -base64 32`", id)
		}
		keys = append(keys, Key{ID: id, Secret: secret})
	}
	return NewKeyring(keys...)
}

// decodeKey accepts standard base64 with or without padding, which covers
// what openssl, base64(1) and most secret stores print.
func decodeKey(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// KeyFilePolicy says what LoadKeyring does when the key file is absent.
type KeyFilePolicy int

const (
	// CreateKeyFile makes a new key: right for a database that holds no
	// sealed data, so that the embedded default needs no setup.
	CreateKeyFile KeyFilePolicy = iota
	// RequireKeyFile refuses to start without the file: the database holds
	// sealed data, which a new key could never read.
	RequireKeyFile
)

// LoadKeyring finds the master keys: in the FNSHUB_MASTER_KEY variable if set
// (see ParseKeyring), else in <dataDir>/master.key, which with CreateKeyFile
// is created with a fresh random key and mode 0600 when absent. Several nodes
// sharing one database must share keys, so callers using --db should pass an
// empty dataDir, which makes a missing variable an error instead of a
// private key per node.
//
// It refuses a key file that group or others may read or write, and its
// errors say what to fix without ever including key material.
func LoadKeyring(getenv func(string) string, dataDir string, missing KeyFilePolicy) (*Keyring, error) {
	if v := strings.TrimSpace(getenv(EnvMasterKey)); v != "" {
		k, err := ParseKeyring(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvMasterKey, err)
		}
		return k, nil
	}
	if dataDir == "" {
		return nil, fmt.Errorf("pii: no master key: set %s to 1:$(openssl rand -base64 32), the same on every node", EnvMasterKey)
	}
	path := filepath.Join(dataDir, KeyFileName)
	k, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) && missing == RequireKeyFile {
		return nil, fmt.Errorf("pii: key file %s is missing, but the database holds data sealed with the key it held; "+
			"restore it from a backup (or set %s to that key): a new key could not read the data, so none is made", path, EnvMasterKey)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if err := createKeyFile(dataDir, path, syncDir); err != nil {
			return nil, err
		}
		k, err = readKeyFile(path)
	}
	return k, err
}

func readKeyFile(path string) (*Keyring, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("pii: cannot read key file: %w; make it readable by the user running fnshub, or set %s", err, EnvMasterKey)
	}
	defer f.Close()
	// Stat the open file, not the path, so the mode checked is the mode of
	// the bytes read.
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("pii: cannot read key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("pii: key file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("pii: key file %s has mode %04o, so other users may read it; run `chmod 600 %s` (and consider the key exposed)", path, perm, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("pii: cannot read key file: %w", err)
	}
	if len(b) > maxKeyFileSize {
		return nil, fmt.Errorf("pii: key file %s is over %d bytes; it should hold a few id:base64 lines", path, maxKeyFileSize)
	}
	k, err := ParseKeyring(string(b))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return k, nil
}

const keyFileHeader = `# fnshub master key: it encrypts buyers' names, phones and addresses at rest.
# Back it up with the database; without it that data cannot be read again.
# One id:base64 key per line, the first seals new data (docs/adr/0011).
`

// createKeyFile writes a new key to a temporary file and links it into place,
// so that a process starting at the same moment either sees no file or the
// whole file, and the first one to link wins.
// sync makes the new directory entry durable (syncDir but in tests).
func createKeyFile(dir, path string, sync func(dir string) error) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("pii: cannot create data directory for the key file: %w", err)
	}
	secret := make([]byte, KeySize)
	rand.Read(secret) // never fails since Go 1.24
	body := keyFileHeader + DefaultKeyID + ":" + base64.StdEncoding.EncodeToString(secret) + "\n"

	tmp, err := os.CreateTemp(dir, ".master.key-*") // mode 0600
	if err != nil {
		return fmt.Errorf("pii: cannot create key file in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(body)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pii: cannot write key file in %s: %w", dir, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pii: cannot create key file %s: %w", path, err)
	}
	if err := sync(dir); err != nil {
		return fmt.Errorf("pii: key file %s was written but may not survive a crash, so nothing is sealed with it: %w; "+
			"check the data directory's file system, or set %s", path, err, EnvMasterKey)
	}
	return nil
}

// syncDir makes the new directory entry durable: losing the key file in a
// crash after data was sealed with it would lose that data. Windows cannot
// open a directory for syncing and needs no such step; elsewhere a failure
// is returned, except where the file system says syncing a directory is
// not supported (EINVAL), which leaves nothing to do.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}
