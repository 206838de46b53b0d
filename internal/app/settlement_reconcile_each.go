package app

import (
	"context"
	"sync"
)

// ReconcileEach reconciles the payouts of reqs in the order given, each in
// a transaction of its own as Reconcile does, and hands each outcome to
// done before the next is booked; the first error stops it (the payouts
// booked before it stay booked). While one payout is booked, the next
// one's lines and orders are read beside it, on a reader of its own
// (docs/adr/0062-reconciliation-read-ahead.md): on a machine of two cores
// the booking's writes and the next read overlap. What other payouts
// settled of an order is read in the booking transaction, so each payout
// sees the settlements of those booked before it, as when reconciled one
// by one.
func (uc *SettlementReconcile) ReconcileEach(ctx context.Context, reqs []ReconcileRequest, done func(i int, out ReconcileOutcome) error) error {
	given := func(_ context.Context, _ Stores, i int) (StoredRequest, error) {
		return StoredRequest{Request: reqs[i]}, nil
	}
	return uc.each(ctx, len(reqs), given, func(i int, out ReconcileOutcome, _ StoredRequest) error { return done(i, out) })
}

// ReconcileStoredEach is ReconcileEach under each payout's stored terms,
// read again in its booking transaction (as ReconcileStored does): when
// they changed since the read ahead in a way that changes what is read
// (another channel, cycle or grace), the booking reads the payout again.
func (uc *SettlementReconcile) ReconcileStoredEach(ctx context.Context, payoutIDs []int64, done func(i int, out ReconcileOutcome, used StoredRequest) error) error {
	stored := func(ctx context.Context, st Stores, i int) (StoredRequest, error) {
		return uc.requestFor(ctx, st, payoutIDs[i])
	}
	return uc.each(ctx, len(payoutIDs), stored, done)
}

// requestAt builds the i-th request in st's transaction: the read ahead
// and the booking each build their own.
type requestAt func(ctx context.Context, st Stores, i int) (StoredRequest, error)

// payoutRead is one payout's input read ahead of its booking, or why not.
type payoutRead struct {
	in  payoutInput
	err error
}

// each books n payouts in order while a reader goroutine reads the next
// one's input. The reader is one payout ahead, no more, handing it over
// unbuffered: memory holds two payouts' inputs, and the reader is done
// reading before the booking commits, so SQLite's WAL can start over at
// the commit's checkpoint. Two ahead kept a reader open at most commits,
// the WAL grew without end, and at 10M lines every page read searched it
// (+19% CPU, no faster than one by one: ADR 62).
func (uc *SettlementReconcile) each(ctx context.Context, n int, request requestAt, done func(int, ReconcileOutcome, StoredRequest) error) error {
	ctx, cancel := context.WithCancel(ctx)
	var reader sync.WaitGroup
	defer reader.Wait() // after cancel (deferred calls run last first): the reader never outlives the call
	defer cancel()
	ahead := make(chan payoutRead)
	reader.Go(func() { uc.readAll(ctx, n, request, ahead) })
	for i := 0; i < n; i++ {
		var r payoutRead
		select {
		case r = <-ahead:
		case <-ctx.Done():
			return ctx.Err()
		}
		if r.err != nil {
			return r.err
		}
		var out ReconcileOutcome
		var used StoredRequest
		err := uc.Unit.InTx(ctx, func(st Stores) (err error) {
			if used, err = request(ctx, st, i); err != nil {
				return err
			}
			in := r.in
			if !in.readFor(used.Request) {
				if in, err = uc.read(ctx, st, used.Request); err != nil {
					return err
				}
			}
			out, err = uc.settle(ctx, st, used.Request, in)
			return err
		})
		if err != nil {
			return err
		}
		if err := done(i, out, used); err != nil {
			return err
		}
	}
	return nil
}

// readAll reads each payout's input in a read transaction of its own and
// sends it on ahead, stopping at the first error (sent too) or when ctx
// is done.
func (uc *SettlementReconcile) readAll(ctx context.Context, n int, request requestAt, ahead chan<- payoutRead) {
	for i := 0; i < n; i++ {
		var r payoutRead
		r.err = uc.Unit.Read(ctx, func(st Stores) error {
			used, err := request(ctx, st, i)
			if err != nil {
				return err
			}
			r.in, err = uc.read(ctx, st, used.Request)
			return err
		})
		select {
		case ahead <- r:
		case <-ctx.Done():
			return
		}
		if r.err != nil {
			return
		}
	}
}
