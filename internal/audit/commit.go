package audit

import "context"

// The committer: one goroutine per Log that takes every waiting Record
// into one Store.Append (docs/adr/0040-audit-log.md).

func (l *Log) commitLoop() {
	defer close(l.stopped)
	for {
		select {
		case p := <-l.queue:
			l.commit(l.gather(p))
		case <-l.closing:
			for {
				select {
				case p := <-l.queue:
					l.commit(l.gather(p))
				default:
					return
				}
			}
		}
	}
}

// gather takes first and whatever else is waiting, up to MaxBatch.
func (l *Log) gather(first *pending) []*pending {
	batch := []*pending{first}
	for len(batch) < MaxBatch {
		select {
		case p := <-l.queue:
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

// commit appends batch in one transaction. If that fails, each record is
// tried alone, so that one cannot sink its neighbours.
func (l *Log) commit(batch []*pending) {
	rs := make([]Record, len(batch))
	for i, p := range batch {
		rs[i] = p.rec
	}
	es, err := l.store.Append(context.Background(), rs)
	if err != nil && len(batch) > 1 {
		for _, p := range batch {
			l.commit([]*pending{p})
		}
		return
	}
	for i, p := range batch {
		if err != nil {
			p.err = err
		} else {
			p.e = es[i]
		}
		close(p.done)
	}
}
