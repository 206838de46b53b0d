package channel_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/sandbox"
)

func TestClient_AttemptsAreBoundedAndBackOff(t *testing.T) {
	c, clock := autoClient(channel.ClientOptions{MaxAttempts: 4, RetryBase: time.Second, RetryMax: time.Minute})
	p := newPlatform(t, clock, unavailable)
	_, err := do(t, c, get(t, p.srv.URL))
	wantKind(t, err, channel.Unavailable)
	if n := p.requests(); n != 4 {
		t.Fatalf("the platform saw %d attempts, want MaxAttempts 4", n)
	}
	slept := clock.Slept()
	if len(slept) != 3 {
		t.Fatalf("waits %v, want one before each retry", slept)
	}
	for i, d := range slept {
		mid := time.Second << i // doubling from RetryBase, jittered ±50%
		if d < mid/2 || d > mid*3/2+time.Nanosecond {
			t.Errorf("wait %d = %v, want within ±50%% of %v", i+1, d, mid)
		}
	}
	if s := c.Stats(); s.Attempts != 4 || s.Unavailable != 4 || s.Failed != 1 {
		t.Errorf("stats = %+v", s)
	}
}

func TestClient_RetriesTransientFailureToSuccess(t *testing.T) {
	c, clock := autoClient(channel.ClientOptions{})
	p := newPlatform(t, clock, func(n int, w http.ResponseWriter) {
		if n < 3 {
			unavailable(n, w)
			return
		}
		ok(n, w)
	})
	resp, err := do(t, c, get(t, p.srv.URL))
	if err != nil || string(resp.Body) != `{"ok":true}` {
		t.Fatalf("Do = %q, %v; want the third attempt's answer", resp.Body, err)
	}
}

func TestClient_DoesNotRetryRefusals(t *testing.T) {
	for _, k := range []channel.Kind{channel.Rejected, channel.Unauthorized, channel.NotFound, channel.Conflict, channel.BadSignature} {
		t.Run(k.String(), func(t *testing.T) {
			c, clock := autoClient(channel.ClientOptions{MaxAttempts: 5})
			p := newPlatform(t, clock, func(_ int, w http.ResponseWriter) { fmt.Fprintf(w, `{"kind":%q}`, k) })
			_, err := do(t, c, get(t, p.srv.URL))
			wantKind(t, err, k)
			if n := p.requests(); n != 1 {
				t.Errorf("a %v answer was sent %d times, want once", k, n)
			}
		})
	}
}

func TestClient_ForeignClassifyErrorIsRejected(t *testing.T) {
	c, clock := autoClient(channel.ClientOptions{})
	p := newPlatform(t, clock, ok)
	bad := errors.New("unexpected field")
	_, err := c.Do(t.Context(), get(t, p.srv.URL), func(int, http.Header, []byte) error { return bad })
	wantKind(t, err, channel.Rejected)
	if !errors.Is(err, bad) || p.requests() != 1 {
		t.Errorf("error %v after %d requests, want it to wrap classify's error, sent once", err, p.requests())
	}
}

func TestClient_ResendsTheSameBodyOnRetry(t *testing.T) {
	// A bare RoundTripper, not net/http's Transport: the Transport resends a
	// rewindable body by itself after a failed write, which would hide a
	// client that sent a spent body again.
	rt := &scriptedTransport{fail: 2}
	c, _ := autoClient(channel.ClientOptions{HTTP: &http.Client{Transport: rt}})
	const body = "method=taobao.item.quantity.update&num_iid=1001&quantity=7"
	if _, err := do(t, c, post(t, "http://platform.test/router/rest", body)); err != nil {
		t.Fatal(err)
	}
	if len(rt.bodies) != 3 {
		t.Fatalf("the platform saw %d requests, want 3", len(rt.bodies))
	}
	for i, b := range rt.bodies {
		if b != body {
			t.Errorf("attempt %d sent %q, want %q", i+1, b, body)
		}
	}
}

// scriptedTransport reads each request's body and answers 503 to the first
// fail requests, then 200.
type scriptedTransport struct {
	fail   int
	bodies []string
}

func (s *scriptedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(req.Body)
	_ = req.Body.Close()
	s.bodies = append(s.bodies, string(b))
	status := http.StatusOK
	if len(s.bodies) <= s.fail {
		status = http.StatusServiceUnavailable
	}
	return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"ok":true}`)), Request: req}, nil
}

func TestClient_SendsABodyThatCannotRewindOnce(t *testing.T) {
	c, clock := autoClient(channel.ClientOptions{})
	p := newPlatform(t, clock, unavailable)
	req := post(t, p.srv.URL, "x=1")
	req.Body, req.GetBody = io.NopCloser(strings.NewReader("x=1")), nil
	_, err := do(t, c, req)
	wantKind(t, err, channel.Unavailable)
	if n := p.requests(); n != 1 {
		t.Errorf("a body without GetBody was sent %d times, want once", n)
	}
}

func TestClient_CutShortAnswerIsUnavailable(t *testing.T) {
	faults := sandbox.NewFaults(1)
	srv := newFaultServer(t, faults)
	c, _ := autoClient(channel.ClientOptions{MaxAttempts: 1})
	faults.Queue(sandbox.Truncate)
	_, err := do(t, c, get(t, srv.URL))
	// The status line came; the body broke off (as an early EOF or, since
	// the simulator resets the connection, a reset).
	if e := wantKind(t, err, channel.Unavailable); e.Code != "200" {
		t.Errorf("error = %v, want it to carry the status that came before the body broke", err)
	}
	// With a retry left, the next attempt's whole answer is the result.
	c, _ = autoClient(channel.ClientOptions{MaxAttempts: 2})
	faults.Queue(sandbox.Truncate)
	if resp, err := do(t, c, get(t, srv.URL)); err != nil || string(resp.Body) != `{"ok":true}` {
		t.Errorf("Do = %q, %v; want the retried whole answer", resp.Body, err)
	}
}

func TestClient_EachFaultAsTheClientSeesIt(t *testing.T) {
	for _, f := range []sandbox.Fault{sandbox.ServerError, sandbox.Reset, sandbox.Truncate, sandbox.Hang} {
		t.Run(f.String(), func(t *testing.T) {
			faults := sandbox.NewFaults(1)
			srv := newFaultServer(t, faults)
			c, _ := autoClient(channel.ClientOptions{MaxAttempts: 1, Timeout: 50 * time.Millisecond})
			faults.Queue(f)
			_, err := do(t, c, get(t, srv.URL))
			e := wantKind(t, err, channel.Unavailable)
			if f == sandbox.Hang && e.Message != "timed out" {
				t.Errorf("a hung call: %v, want it timed out", err)
			}
		})
	}
}

// newFaultServer serves {"ok":true} through faults, throttling as Shopify
// does.
func newFaultServer(t *testing.T, faults *sandbox.Faults) *platformServer {
	t.Helper()
	h := faults.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { ok(0, w) }),
		func(w http.ResponseWriter, _ *http.Request) { throttle429(w, "2.0") })
	return startServer(t, h)
}
