package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestCLI_ServeRelaysToNATS: orders imported before serve starts reach the
// JetStream stream named by --nats-stream, on <prefix>.<topic>.<shop>
// subjects, once serve runs with --nats. The NATS server must be there
// (FNSHUB_TEST_NATS_URL, default 127.0.0.1:4222): this test does not skip.
func TestCLI_ServeRelaysToNATS(t *testing.T) {
	url := os.Getenv("FNSHUB_TEST_NATS_URL")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatalf("NATS with JetStream must run at %s (set FNSHUB_TEST_NATS_URL): %v", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("CLI%d", time.Now().UnixNano())
	t.Cleanup(func() {
		defer nc.Close()
		if err := js.DeleteStream(context.Background(), "S"+name); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			t.Errorf("delete stream S%s: %v", name, err)
		}
	})

	c := newCLI(t)
	c.mustRun("", "import", "skus", writeFile(t, "skus.csv", importSKUs))
	c.mustRun("", "shop", "add", "--id", "S1", "--channel", "web", "--name", "S1")
	c.mustRun("", "import", "orders", writeFile(t, "orders.csv", importOrders))
	if code, _, errw := c.run(context.Background(), "", "config", "--nats", "http://x"); code != exitUsage || !strings.Contains(errw, "FNSHUB_NATS") {
		t.Fatalf("--nats http://x: exit %d %s", code, errw)
	}
	if out := c.mustRun("", "config", "--nats", "nats://relay:s3cret@nats.example:4222"); strings.Contains(out, "s3cret") || !strings.Contains(out, "FNSHUB_NATS") {
		t.Fatalf("config shows the NATS password or lacks the setting:\n%s", out)
	}
	if _, _, errw := c.run(context.Background(), "", "serve", "--help"); !strings.Contains(errw, "--nats") || !strings.Contains(errw, "Nats-Msg-Id") {
		t.Fatalf("serve --help does not explain --nats:\n%s", errw)
	}
	c.env["FNSHUB_ADDR"] = "127.0.0.1:0"
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		code, _, errw := c.run(ctx, "", "serve", "--nats", url, "--nats-stream", "S"+name, "--nats-prefix", "p"+name)
		if code != exitOK {
			t.Errorf("serve: exit %d %s", code, errw)
		}
		done <- code
	}()
	defer func() { stop(); <-done }()

	subjects := map[string]int{}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && subjects["p"+name+".order.ingested.S1"] < 3 {
		time.Sleep(100 * time.Millisecond)
		s, err := js.Stream(ctx, "S"+name)
		if err != nil {
			continue // serve has not created it yet
		}
		info, err := s.Info(ctx, jetstream.WithSubjectFilter(">"))
		if err != nil {
			t.Fatal(err)
		}
		subjects = map[string]int{}
		for subj, n := range info.State.Subjects {
			subjects[subj] = int(n)
		}
	}
	if subjects["p"+name+".order.ingested.S1"] != 3 || subjects["p"+name+".order.held.S1"] != 2 {
		t.Fatalf("stream subjects %v, want 3 order.ingested and 2 order.held of shop S1", subjects)
	}
	s, _ := js.Stream(ctx, "S"+name)
	m, err := s.GetLastMsgForSubject(ctx, "p"+name+".order.ingested.S1")
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		ID    int64  `json:"id"`
		Topic string `json:"topic"`
		Shop  string `json:"shop"`
	}
	if err := json.Unmarshal(m.Data, &env); err != nil || env.Topic != "order.ingested" || env.Shop != "S1" || m.Header.Get("Nats-Msg-Id") != fmt.Sprint(env.ID) {
		t.Fatalf("message %s %s: %+v %v", m.Header, m.Data, env, err)
	}
}
