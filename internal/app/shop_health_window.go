package app

import (
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// callWindows turn each client's running counters into counts over the
// last span: every health read keeps a sample, and the counts are the
// difference from the newest sample at least span old (or from zero, while
// the client is younger than span).
type callWindows struct {
	mu    sync.Mutex
	span  time.Duration
	byKey map[string][]callSample
}

type callSample struct {
	at            time.Time
	calls, failed uint64
}

// window is what a client did over span.
type window struct {
	calls, failed uint64
	span          time.Duration
}

// maxSamples bounds a client's samples when reads come often; the window
// then shortens rather than memory growing.
const maxSamples = 256

func (w *callWindows) observe(key string, now time.Time, st channel.Stats) window {
	w.mu.Lock()
	defer w.mu.Unlock()
	samples := w.byKey[key]
	if len(samples) == 0 {
		samples = append(samples, callSample{at: now}) // the client's start, as far as we know
	}
	samples = append(samples, callSample{at: now, calls: st.Calls, failed: st.Failed})
	i := 0
	for i+1 < len(samples) && !samples[i+1].at.After(now.Add(-w.span)) {
		i++
	}
	samples = samples[max(i, len(samples)-maxSamples):]
	w.byKey[key] = samples
	base := samples[0]
	return window{calls: st.Calls - base.calls, failed: st.Failed - base.failed, span: min(now.Sub(base.at), w.span)}
}
