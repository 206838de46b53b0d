package app

import (
	"context"
	"io"

	"github.com/fnshub/fnshub/internal/settlement"
)

// parseAhead runs f's parser over r on a goroutine of its own and hands
// what it reads to sink on the calling goroutine (the transaction's), in
// file order and in batches, so parsing the next rows overlaps storing
// the last ones (docs/adr/0062-reconciliation-read-ahead.md). The first
// error in file order wins, as if sink were called directly: a sink
// error stops the parser; a parse error is returned once every line read
// before it has been stored.
func parseAhead(ctx context.Context, f settlement.Format, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []parsed, 2)
	var parseErr error
	go func() {
		defer close(batches)
		b := &batchSink{ctx: ctx, out: batches}
		parseErr = f.Parse(ctx, r, opt, b)
		if err := b.flush(); parseErr == nil {
			parseErr = err
		}
	}()
	var sinkErr error
	for batch := range batches {
		if sinkErr != nil {
			continue // drained, so the parser is never left blocked
		}
		if sinkErr = store(sink, batch); sinkErr != nil {
			cancel()
		}
	}
	if sinkErr != nil {
		return sinkErr
	}
	return parseErr // read after batches closed: the parser is done
}

// parsed is one call the parser made: a payout, or else a line.
type parsed struct {
	payout *settlement.Payout
	line   settlement.Line
}

func store(sink settlement.Sink, batch []parsed) error {
	for i := range batch {
		var err error
		if p := batch[i].payout; p != nil {
			err = sink.Payout(*p)
		} else {
			err = sink.Line(batch[i].line)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// batchSink is the parser's side: it gathers calls into batches.
type batchSink struct {
	ctx   context.Context
	out   chan<- []parsed
	batch []parsed
}

// parseBatch is how many calls travel together: enough that the channel
// costs nothing per line, few enough that the sink starts early.
const parseBatch = 1024

func (b *batchSink) Payout(p settlement.Payout) error {
	b.batch = append(b.batch, parsed{payout: &p})
	return b.full()
}

func (b *batchSink) Line(l settlement.Line) error {
	b.batch = append(b.batch, parsed{line: l})
	return b.full()
}

func (b *batchSink) full() error {
	if len(b.batch) < parseBatch {
		return nil
	}
	return b.flush()
}

func (b *batchSink) flush() error {
	if len(b.batch) == 0 {
		return nil
	}
	select {
	case b.out <- b.batch:
		b.batch = make([]parsed, 0, parseBatch)
		return nil
	case <-b.ctx.Done():
		return b.ctx.Err()
	}
}
