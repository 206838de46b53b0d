package pull

import (
	"io"

	"github.com/fnshub/fnshub/internal/channel"
)

// Pages is a settlement file made of API answers, one a line (Shopify's
// payouts and balance transactions), written to a temporary file as the
// pages arrive rather than gathered in memory: a shop's month can run to
// thousands of pages. It is capped as a download is (Download.Max).
type Pages struct {
	d     Download
	spool *Spool
}

// Pages starts d's file of pages; the caller removes it (Spool.Remove)
// once its import returns, or Abandon when it is not handed on.
func (d Download) Pages() (*Pages, error) {
	sp, err := newSpool(d.Dir, d.Source)
	if err != nil {
		return nil, d.fault(channel.Unavailable, "cannot be written to a temporary file", err)
	}
	return &Pages{d: d, spool: sp}, nil
}

// Add appends one page, on a line of its own. Errors: Rejected past the
// cap, Unavailable when the file cannot be written.
func (p *Pages) Add(body []byte) error {
	for len(body) > 0 && (body[len(body)-1] == '\n' || body[len(body)-1] == '\r') {
		body = body[:len(body)-1]
	}
	if p.spool.size+int64(len(body))+1 > p.d.max() {
		return p.d.TooLarge()
	}
	for _, b := range [][]byte{body, {'\n'}} {
		n, err := p.spool.f.Write(b)
		p.spool.size += int64(n)
		if err != nil {
			return p.d.fault(channel.Unavailable, "cannot be written to a temporary file", err)
		}
	}
	return nil
}

// Size is the bytes added so far.
func (p *Pages) Size() int64 { return p.spool.size }

// Done rewinds the file for its import and hands it over.
func (p *Pages) Done() (*Spool, error) {
	if _, err := p.spool.f.Seek(0, io.SeekStart); err != nil {
		p.spool.Remove()
		return nil, p.d.fault(channel.Unavailable, "cannot be read back from its temporary file", err)
	}
	return p.spool, nil
}

// Abandon removes a file that is not handed on.
func (p *Pages) Abandon() { p.spool.Remove() }
