// Package sandbox holds simulated platforms that speak the real wire
// formats over real HTTP on loopback (DESIGN.md §7), so fnshub's real
// connectors can be tested, benchmarked and demonstrated without the
// platforms. Each platform has a package of its own; this one holds what
// they share: fault injection.
package sandbox

import (
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Fault is a way a platform's API call can fail.
type Fault int

const (
	None        Fault = iota
	Throttle          // the platform's own rate-limit answer (each simulator writes it)
	ServerError       // HTTP 503
	Hang              // no answer until the client gives up
	Reset             // the connection is closed without an answer
	Truncate          // the answer stops half way, short of its Content-Length
	Outage            // HTTP 503 to every call while an outage lasts (Faults.Outage)
)

var faultNames = [...]string{"none", "throttle", "server_error", "hang", "reset", "truncate", "outage"}

func (f Fault) String() string {
	if int(f) < len(faultNames) {
		return faultNames[f]
	}
	return "fault(" + strconv.Itoa(int(f)) + ")"
}

// Faults decides which calls fail, and how: first those queued, in order,
// then at random with the chaos rate. It is safe for concurrent use.
type Faults struct {
	mu     sync.Mutex
	queued []Fault
	rate   float64
	kinds  []Fault
	rnd    *rand.Rand
	counts map[Fault]int
	now    func() time.Time
	down   [2]time.Time // the outage: from, until
}

// NewFaults returns an injector that fails nothing until told; seed makes
// its random choices repeatable.
func NewFaults(seed uint64) *Faults {
	return &Faults{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), counts: map[Fault]int{}}
}

// Queue makes the next calls fail in these ways, one each, in order.
func (f *Faults) Queue(fs ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queued = append(f.queued, fs...)
}

// Chaos makes each call fail with probability rate, in one of kinds chosen
// evenly; rate 0 stops it.
func (f *Faults) Chaos(rate float64, kinds ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rate, f.kinds = rate, kinds
}

// Outage makes every call between from and until, on the clock now, fail
// with Outage, before anything queued or random.
func (f *Faults) Outage(now func() time.Time, from, until time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now, f.down = now, [2]time.Time{from, until}
}

// Next says how the next call fails (None: it does not).
func (f *Faults) Next() Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	fault := None
	switch {
	case f.inOutage():
		fault = Outage
	case len(f.queued) > 0:
		fault, f.queued = f.queued[0], f.queued[1:]
	case f.rate > 0 && len(f.kinds) > 0 && f.rnd.Float64() < f.rate:
		fault = f.kinds[f.rnd.IntN(len(f.kinds))]
	}
	f.counts[fault]++
	return fault
}

func (f *Faults) inOutage() bool {
	if f.now == nil {
		return false
	}
	t := f.now()
	return !t.Before(f.down[0]) && t.Before(f.down[1])
}

// Count returns how many calls were given fault.
func (f *Faults) Count(fault Fault) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[fault]
}

// Wrap serves h, failing the calls Next picks. throttle writes the
// platform's own rate-limit answer (Shopify: 429 with Retry-After; TOP:
// HTTP 200 with error code 7 and its ban).
func (f *Faults) Wrap(h http.Handler, throttle http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fault := f.Next()
		if fault == Hang {
			// net/http notices a client hanging up only once the body is
			// read: unread, the hang would outlive the client and block
			// the server's Close.
			_, _ = io.Copy(io.Discard, r.Body)
		}
		switch fault {
		case Throttle:
			throttle(w, r)
		case ServerError:
			http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		case Outage:
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		case Hang:
			<-r.Context().Done() // the client's timeout, or the server closing
		case Reset:
			abort(w)
		case Truncate:
			truncate(w, r, h)
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// abort closes the connection without an answer, with a TCP reset where it
// can.
func abort(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// truncate sends the first half of h's answer under the whole answer's
// Content-Length, then closes the connection.
func truncate(w http.ResponseWriter, r *http.Request, h http.Handler) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body[:len(body)/2])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	abort(w)
}
