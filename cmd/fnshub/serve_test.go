package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/config"
)

func TestHTTPServer_CutsOffAStalledBody(t *testing.T) {
	cfg := config.Default()
	cfg.ReadTimeout = 300 * time.Millisecond
	readErr := make(chan error, 1)
	srv := httpServer(cfg, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		readErr <- err
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Ten bytes of the hundred promised, then nothing.
	fmt.Fprintf(conn, "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"channel\"")
	select {
	case err := <-readErr:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("the handler read %v, want the read deadline", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a stalled body held the handler past the read timeout")
	}
}

func TestCLI_ReadTimeoutIsASetting(t *testing.T) {
	c := newCLI(t)
	if out := c.mustRun("", "config", "--read-timeout", "45s"); !strings.Contains(out, `"45s"`) || !strings.Contains(out, "FNSHUB_READ_TIMEOUT") {
		t.Fatalf("config output:\n%s", out)
	}
	if code, _, errw := c.run(context.Background(), "", "config", "--read-timeout", "0s"); code != exitUsage || !strings.Contains(errw, "FNSHUB_READ_TIMEOUT") {
		t.Fatalf("--read-timeout 0s: exit %d %s", code, errw)
	}
	if _, _, errw := c.run(context.Background(), "", "serve", "--help"); !strings.Contains(errw, "--read-timeout") {
		t.Fatalf("serve --help does not explain the read timeout:\n%s", errw)
	}
}
