package channel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// TestClient_AttemptTimeoutPerCall: an answer slower than the client's
// per-attempt timeout times out; the same call given a longer attempt by
// its context (a settlement file's download) gets it.
func TestClient_AttemptTimeoutPerCall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(300 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	c, _ := autoClient(channel.ClientOptions{MaxAttempts: 1, Timeout: 50 * time.Millisecond})
	if _, err := do(t, c, get(t, srv.URL)); channel.KindOf(err) != channel.Unavailable {
		t.Fatalf("a 300 ms answer with a 50 ms attempt: %v, want it timed out", err)
	}
	ctx := channel.WithAttemptTimeout(context.Background(), 5*time.Second)
	resp, err := c.Do(ctx, get(t, srv.URL), classifyJSON)
	if err != nil || string(resp.Body) != `{"ok":true}` {
		t.Fatalf("the same call with a 5 s attempt: %v %q", err, resp.Body)
	}
}
