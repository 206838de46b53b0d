package pull

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// DefaultMaxFile caps one downloaded settlement file, decompressed: a busy
// seller's fortnight of Amazon settlements is tens of megabytes, and a
// file past a gigabyte is more likely a fault than a bill.
const DefaultMaxFile = 1 << 30

// Download is how a source fetches one settlement file: into a temporary
// file as it arrives, decompressed and checked on the way, so that no
// file is ever held in memory (docs/adr/0054-settlement-pulls.md,
// "Streaming").
type Download struct {
	Source   string // the source, named in errors: "amazon-settlement"
	Platform string // the platform of the errors: "amazon"
	What     string // the file, named in errors: "report 18906543210"
	Max      int64  // the most bytes the file may hold, decompressed; 0: DefaultMaxFile
	Dir      string // the temporary file's directory; "": os.TempDir()
	// Timeout bounds one attempt at the file, in place of the client's
	// per-call timeout made for API answers; 0: DefaultDownloadTimeout.
	Timeout time.Duration
	// Decode unwraps the answer (Gunzip); nil: the answer is the file.
	Decode func(io.Reader) (io.Reader, error)
	// Hash, when set, is fed the file as it is written, for Check to
	// compare with what the platform said of it.
	Hash hash.Hash
	// Check reads the file once it is whole: a hash, a ZIP's directory.
	Check func(f *os.File, size int64) error
}

// DefaultDownloadTimeout is long enough for a file of DefaultMaxFile over
// a slow link (1 GiB at ≈ 5 Mbit/s).
const DefaultDownloadTimeout = 30 * time.Minute

// Gunzip is the Decode of a gzip answer; gzip's CRC and length at the end
// of the stream tell a download cut short.
func Gunzip(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }

// Get sends req through c and writes the answer's file to a temporary
// file, which the caller removes (Spool.Remove). Errors, all
// *channel.Error: the client's (the platform's answer, a connection that
// failed, after the client's retries); Rejected when the file passes Max;
// Unavailable when it is damaged (does not decode, fails Check) or cannot
// be written. A failed Get leaves no file behind.
func (d Download) Get(ctx context.Context, c *channel.Client, req *http.Request, classify channel.Classify) (*Spool, error) {
	sp, err := newSpool(d.Dir, d.Source)
	if err != nil {
		return nil, d.fault(channel.Unavailable, "cannot be written to a temporary file", err)
	}
	s := &sink{d: d, spool: sp}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = DefaultDownloadTimeout
	}
	resp, err := c.Do(channel.WithAttemptTimeout(withSink(ctx, s), timeout), req, classify)
	switch {
	case err != nil:
	case s.used:
		err = s.err
	default: // a client not made by NewClient read the answer whole
		err = s.fill(bytes.NewReader(resp.Body))
	}
	if err == nil && d.Check != nil {
		err = d.checked(d.Check(sp.f, sp.size))
	}
	if err == nil {
		if _, serr := sp.f.Seek(0, io.SeekStart); serr != nil {
			err = d.fault(channel.Unavailable, "cannot be read back from its temporary file", serr)
		}
	}
	if err != nil {
		sp.Remove()
		return nil, err
	}
	return sp, nil
}

// checked is Check's error: its own *channel.Error (TooLarge), or the
// file damaged.
func (d Download) checked(err error) error {
	var ce *channel.Error
	if err == nil || errors.As(err, &ce) {
		return err
	}
	return d.fault(channel.Unavailable, "is damaged", err)
}

func (d Download) max() int64 {
	if d.Max > 0 {
		return d.Max
	}
	return DefaultMaxFile
}

func (d Download) fault(kind channel.Kind, what string, err error) error {
	return &channel.Error{Kind: kind, Platform: d.Platform, Message: d.Source + " " + d.What + " " + what, Err: err}
}

// TooLarge is the error of a file past the cap. It names the source and
// the cap, so whoever reads the pull's error knows what was refused.
func (d Download) TooLarge() error {
	return &channel.Error{Kind: channel.Rejected, Platform: d.Platform,
		Message: fmt.Sprintf("%s %s passes the cap of %s (%d bytes) on one settlement file", d.Source, d.What, sizeText(d.max()), d.max())}
}

// sink is where one Get writes: each attempt of the client starts it
// again.
type sink struct {
	d     Download
	spool *Spool
	used  bool  // the transport handed it an answer
	err   error // the last answer's fault, when it was the file's own
}

// fill writes r, decoded, to the spool, from its start.
func (s *sink) fill(r io.Reader) error {
	s.err = nil
	if err := s.spool.reset(); err != nil {
		return s.d.fault(channel.Unavailable, "cannot be written to a temporary file", err)
	}
	if s.d.Hash != nil {
		s.d.Hash.Reset()
	}
	src := r
	if s.d.Decode != nil {
		var err error
		if src, err = s.d.Decode(r); err != nil {
			return s.d.fault(channel.Unavailable, "does not decompress", err)
		}
	}
	file := &fileWriter{f: s.spool.f}
	var dst io.Writer = file
	if s.d.Hash != nil {
		dst = io.MultiWriter(file, s.d.Hash)
	}
	n, err := io.Copy(dst, io.LimitReader(src, s.d.max()+1))
	switch {
	case file.err != nil:
		return s.d.fault(channel.Unavailable, "cannot be written to a temporary file", file.err)
	case err != nil:
		return s.d.fault(channel.Unavailable, "does not decompress", err)
	case n > s.d.max():
		return s.d.TooLarge()
	}
	s.spool.size = n
	return nil
}

// fileWriter keeps the temporary file's own error apart from the
// download's.
type fileWriter struct {
	f   *os.File
	err error
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		w.err = err
	}
	return n, err
}

func sizeText(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
