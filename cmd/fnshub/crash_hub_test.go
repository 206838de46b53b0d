package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/httpapi/apitest"
	"github.com/fnshub/fnshub/internal/store/postgres"
)

// crashHub is the fnshub binary run as a child process against one
// database, so that a test can SIGKILL it the way a crash or the OOM killer
// would, which an in-process server cannot show.
type crashHub struct {
	t      *testing.T
	bin    string
	dbArgs []string // --data DIR or --db URL
	env    []string
}

// buildHub compiles fnshub into a temporary directory. `go test` puts its
// own GOROOT/bin first on PATH, so the go found there is the toolchain
// running this test.
func buildHub(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command on PATH to build fnshub: %v", err) // go test puts its own first
	}
	bin := filepath.Join(t.TempDir(), "fnshub")
	out, err := exec.Command(goBin, "build", "-o", bin, "github.com/fnshub/fnshub/cmd/fnshub").CombinedOutput()
	if err != nil {
		t.Fatalf("go build fnshub: %v\n%s", err, out)
	}
	return bin
}

// newCrashHub prepares a hub whose settings come only from its flags and
// env: FNSHUB_* variables of the caller's shell are dropped.
func newCrashHub(t *testing.T, bin string, dbArgs []string, extraEnv ...string) *crashHub {
	env := []string{"FNSHUB_LOG_FORMAT=json"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FNSHUB_") {
			env = append(env, kv)
		}
	}
	return &crashHub{t: t, bin: bin, dbArgs: dbArgs, env: append(env, extraEnv...)}
}

// masterKey returns a fresh FNSHUB_MASTER_KEY value: base64 of 32 bytes.
func masterKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// scratchSchemaURL makes a fresh database and returns a --db URL that uses
// it. The database is dropped after the hubs using it have been killed.
func scratchSchemaURL(t *testing.T, base string) string {
	_, dbURL, drop, err := postgres.OpenScratchURL(context.Background(), base, "crash", 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return dbURL
}

// cli runs one fnshub command to completion and returns its exit code and
// standard output; standard error goes into the failure message.
func (h *crashHub) cli(stdin string, args ...string) (int, string, string) {
	h.t.Helper()
	cmd := exec.Command(h.bin, append(args, h.dbArgs...)...)
	cmd.Env, cmd.Stdin = h.env, strings.NewReader(stdin)
	var out, errw bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errw
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String(), errw.String()
	case err != nil:
		h.t.Fatalf("run fnshub %v: %v", args, err)
	}
	return 0, out.String(), errw.String()
}

func (h *crashHub) mustCLI(stdin string, args ...string) string {
	h.t.Helper()
	code, out, errw := h.cli(stdin, args...)
	if code != 0 {
		h.t.Fatalf("fnshub %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errw)
	}
	return out
}

// served is one running `fnshub serve`.
type served struct {
	cmd    *exec.Cmd
	url    string
	log    *logTail
	client *http.Client
	token  string
	done   chan struct{}     // closed when the process has ended
	api    *apitest.Contract // the OpenAPI document it serves; mustJSON calls are checked against it
}

// serve starts the hub on a port the kernel picks, and returns once it
// logs the address it listens on.
func (h *crashHub) serve(token string) *served {
	h.t.Helper()
	cmd := exec.Command(h.bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, h.dbArgs...)...)
	tail := &logTail{up: make(chan string, 1)}
	cmd.Env, cmd.Stdout, cmd.Stderr = h.env, io.Discard, tail
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("start fnshub serve: %v", err)
	}
	s := &served{cmd: cmd, log: tail, token: token, done: make(chan struct{}),
		client: &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	go func() { tail.exit(cmd.Wait()); close(s.done) }()
	h.t.Cleanup(func() { s.kill() })
	select {
	case s.url = <-tail.up:
	case <-s.done:
		h.t.Fatalf("fnshub serve exited before serving:\n%s", tail.String())
	case <-time.After(30 * time.Second):
		h.t.Fatalf("fnshub serve did not log its address in 30 s\n%s", tail.String())
	}
	s.api = apitest.Served(h.t, s.client, s.url)
	return s
}

// kill sends SIGKILL, so no deferred function, shutdown hook or flush
// runs, and waits until the process is gone. It reports false if the hub
// had already ended on its own, which no test here asks it to do.
func (s *served) kill() bool {
	select {
	case <-s.done:
		return false
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	s.client.CloseIdleConnections()
	return true
}

// do sends one API request and returns the status and body; err means no
// answer arrived (the process was killed, or the connection broke).
func (s *served) do(method, path, body string, header ...string) (int, []byte, error) {
	resp, b, err := s.send(method, path, body, header...)
	if resp == nil {
		return 0, nil, err
	}
	return resp.StatusCode, b, err
}

// send is do with the whole answer; resp is nil when none arrived.
func (s *served) send(method, path, body string, header ...string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// mustJSON sends a request that must succeed and decodes its answer.
func (s *served) mustJSON(t *testing.T, out any, method, path, body string, header ...string) {
	t.Helper()
	resp, b, err := s.send(method, path, body, header...)
	if err != nil || resp.StatusCode/100 != 2 {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("%s %s = %d %v %s\nserver log:\n%s", method, path, status, err, b, s.log.String())
	}
	s.api.Check(t, resp.Request, []byte(body), resp.StatusCode, resp.Header, b)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
}
