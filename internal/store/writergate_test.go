package store

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWriterGate_UrgentGoFirst: while the writer is held, three normal
// transactions queue, then two urgent ones; the urgent ones get it next,
// in their order, then the normal ones in theirs. A waiter whose context
// ends leaves the queue and the others still get their turn.
func TestWriterGate_UrgentGoFirst(t *testing.T) {
	g := &writerGate{}
	ctx := context.Background()
	if err := g.acquire(ctx, false); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	waiting := 0
	queue := func(name string, urgent bool) {
		wg.Go(func() {
			if err := g.acquire(ctx, urgent); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			g.release()
		})
		waiting++
		waitQueued(t, g, waiting, name)
	}
	queue("n1", false)
	queue("n2", false)
	gone, cancel := context.WithCancel(ctx)
	left := make(chan error, 1)
	go func() { left <- g.acquire(gone, false) }()
	waiting++
	waitQueued(t, g, waiting, "the one that leaves")
	queue("n3", false)
	queue("u1", true)
	queue("u2", true)
	cancel()
	if err := <-left; err == nil {
		t.Fatal("a waiter whose context ended got the writer")
	}
	waiting--
	g.release()
	wg.Wait()
	if got := strings.Join(order, " "); got != "u1 u2 n1 n2 n3" {
		t.Fatalf("the writer went to %s, want u1 u2 n1 n2 n3", got)
	}
	if g.held || len(g.urgent)+len(g.normal) != 0 {
		t.Fatalf("after everyone: held %v, %d waiting", g.held, len(g.urgent)+len(g.normal))
	}
}

// waitQueued waits until n are queued for the writer.
func waitQueued(t *testing.T, g *writerGate, n int, name string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		g.mu.Lock()
		queued := len(g.urgent) + len(g.normal)
		g.mu.Unlock()
		if queued >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never queued", name)
		}
	}
}
