package pull

import (
	"context"
	"io"
	"net/http"

	"github.com/fnshub/fnshub/internal/channel"
)

// NewClient returns a shop's client for a source: a channel.Client whose
// downloads (Download.Get) are written to their temporary file as they
// arrive. channel.Client reads every answer whole, which a settlement file
// must not be; rather than a second client, which would lose the shop's
// pacing, retries and breaker for the downloads, the transport below hands
// a download's 200 answer to the file and the client an empty body. A
// client not made here still works: its downloads are read whole first.
func NewClient(opt channel.ClientOptions) *channel.Client {
	hc := http.Client{}
	if opt.HTTP != nil {
		hc = *opt.HTTP // a copy: the caller's client keeps its transport
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = streaming{next: next}
	opt.HTTP = &hc
	return channel.NewClient(opt)
}

type sinkKey struct{}

// withSink marks the calls made with ctx as a download into s.
func withSink(ctx context.Context, s *sink) context.Context {
	return context.WithValue(ctx, sinkKey{}, s)
}

// streaming passes the 200 answers of a download to its sink.
type streaming struct{ next http.RoundTripper }

func (t streaming) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	s, _ := req.Context().Value(sinkKey{}).(*sink)
	if err != nil || s == nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	s.used = true
	resp.Body = &drain{body: resp.Body, sink: s}
	return resp, nil
}

// drain is the body the client reads: at its first read the whole answer
// goes to the sink, and the client sees an empty body. A failed connection
// is the client's error (it retries, and the sink starts again); the
// file's own faults (too large, damaged) are the sink's, which no retry of
// the same answer would mend.
type drain struct {
	body io.ReadCloser
	sink *sink
	done bool
}

func (d *drain) Read([]byte) (int, error) {
	if d.done {
		return 0, io.EOF
	}
	d.done = true
	wire := &watched{r: d.body}
	err := d.sink.fill(wire)
	if wire.err != nil {
		return 0, wire.err
	}
	d.sink.err = err
	return 0, io.EOF
}

func (d *drain) Close() error { return d.body.Close() }

// watched keeps the error of the connection it reads, apart from the
// errors of what decodes it.
type watched struct {
	r   io.Reader
	err error
}

func (w *watched) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err != nil && err != io.EOF {
		w.err = err
	}
	return n, err
}
