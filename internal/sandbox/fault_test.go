package sandbox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

const answer = `{"orders":[{"id":1},{"id":2}]}`

// server serves answer through f, throttling as Shopify does.
func server(t *testing.T, f *Faults) *httptest.Server {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, answer) })
	throttle := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "2.0")
		w.WriteHeader(http.StatusTooManyRequests)
	}
	srv := httptest.NewServer(f.Wrap(h, throttle))
	t.Cleanup(srv.Close)
	return srv
}

// call is one GET as a client sees it: the status and body, or the error
// from sending or reading.
func call(t *testing.T, url string, timeout time.Duration) (int, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

func TestFaults_EachKindAsAClientSeesIt(t *testing.T) {
	f := NewFaults(1)
	srv := server(t, f)
	check := func(fault Fault, test func(status int, body string, err error) string) {
		t.Helper()
		f.Queue(fault)
		if msg := test(call(t, srv.URL, 200*time.Millisecond)); msg != "" {
			t.Errorf("%v: %s", fault, msg)
		}
	}
	check(None, func(s int, b string, err error) string {
		return want(err == nil && s == 200 && b == answer, "the answer whole", s, b, err)
	})
	check(Throttle, func(s int, b string, err error) string {
		return want(err == nil && s == http.StatusTooManyRequests, "the platform's throttle answer", s, b, err)
	})
	check(ServerError, func(s int, b string, err error) string {
		return want(err == nil && s == http.StatusServiceUnavailable, "a 503", s, b, err)
	})
	check(Hang, func(s int, b string, err error) string {
		return want(errors.Is(err, context.DeadlineExceeded), "no answer before the client's timeout", s, b, err)
	})
	check(Reset, func(s int, b string, err error) string {
		return want(err != nil && s == 0, "the connection closed with no answer", s, b, err)
	})
	check(Truncate, func(s int, b string, err error) string {
		return want(err != nil && s == 200 && len(b) < len(answer), "a 200 whose body breaks off", s, b, err)
	})
	for _, fault := range []Fault{None, Throttle, ServerError, Hang, Reset, Truncate} {
		if n := f.Count(fault); n != 1 {
			t.Errorf("Count(%v) = %d, want 1", fault, n)
		}
	}
}

func want(ok bool, what string, status int, body string, err error) string {
	if ok {
		return ""
	}
	return "want " + what + "; got status " + http.StatusText(status) + ", body " + body + ", error " + errString(err)
}

func errString(err error) string {
	if err == nil {
		return "none"
	}
	return err.Error()
}

func TestFaults_QueueIsServedInOrderThenNone(t *testing.T) {
	f := NewFaults(1)
	f.Queue(Reset, Throttle)
	f.Queue(Hang)
	var got []Fault
	for range 5 {
		got = append(got, f.Next())
	}
	if want := []Fault{Reset, Throttle, Hang, None, None}; !slices.Equal(got, want) {
		t.Errorf("Next gave %v, want %v", got, want)
	}
}

func TestFaults_QueueComesBeforeChaos(t *testing.T) {
	f := NewFaults(1)
	f.Chaos(1, ServerError)
	f.Queue(Truncate)
	if got := []Fault{f.Next(), f.Next()}; !slices.Equal(got, []Fault{Truncate, ServerError}) {
		t.Errorf("Next gave %v, want the queued Truncate, then chaos", got)
	}
}

func TestFaults_ChaosIsSeededAndKeepsItsRate(t *testing.T) {
	run := func(seed uint64) []Fault {
		f := NewFaults(seed)
		f.Chaos(0.2, ServerError, Reset)
		out := make([]Fault, 10_000)
		for i := range out {
			out[i] = f.Next()
		}
		return out
	}
	a, b := run(42), run(42)
	if !slices.Equal(a, b) {
		t.Fatal("the same seed gave different faults")
	}
	if slices.Equal(a, run(43)) {
		t.Error("another seed gave the same faults")
	}
	counts := map[Fault]int{}
	for _, f := range a {
		counts[f]++
	}
	// 10,000 draws at 0.2: 2,000 expected, σ = 40; ±5σ cannot fail by chance
	// in practice, and a fixed seed makes it repeatable anyway.
	if n := counts[ServerError] + counts[Reset]; n < 1800 || n > 2200 {
		t.Errorf("%d faults in 10,000 calls, want about 2,000", n)
	}
	if counts[ServerError] < 800 || counts[Reset] < 800 {
		t.Errorf("faults %v, want both kinds about evenly", counts)
	}
	if len(counts) != 3 {
		t.Errorf("faults %v, want only None and the two kinds asked for", counts)
	}
}

func TestFaults_ChaosZeroStops(t *testing.T) {
	f := NewFaults(7)
	f.Chaos(1, Hang)
	if got := f.Next(); got != Hang {
		t.Fatalf("Next = %v at rate 1, want Hang", got)
	}
	f.Chaos(0)
	for range 100 {
		if got := f.Next(); got != None {
			t.Fatalf("Next = %v after Chaos(0), want None", got)
		}
	}
}

func TestFault_String(t *testing.T) {
	if s := Truncate.String(); s != "truncate" {
		t.Errorf("Truncate = %q", s)
	}
	if s := Fault(99).String(); s != "fault(99)" {
		t.Errorf("Fault(99) = %q", s)
	}
}

// TestFaults_OutageLastsItsWindowOnTheClock: every call inside the window
// of the given clock is a 503, whatever is queued; calls before and after
// are served as usual.
func TestFaults_OutageLastsItsWindowOnTheClock(t *testing.T) {
	f := NewFaults(1)
	srv := server(t, f)
	var mu sync.Mutex
	now := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	step := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	f.Outage(clock, now.Add(time.Minute), now.Add(11*time.Minute))
	f.Queue(Throttle)
	statuses := []int{}
	for _, d := range []time.Duration{0, time.Minute, 5 * time.Minute, 5*time.Minute - time.Second, time.Second} {
		step(d)
		s, _, err := call(t, srv.URL, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, s)
	}
	want := []int{http.StatusTooManyRequests, 503, 503, 503, 200}
	if !slices.Equal(statuses, want) {
		t.Fatalf("statuses at 0, 1, 6, 10:59 and 11 minutes: %v, want %v", statuses, want)
	}
	if f.Count(Outage) != 3 {
		t.Errorf("%d outage answers counted, want 3", f.Count(Outage))
	}
}
