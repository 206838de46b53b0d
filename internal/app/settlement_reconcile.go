package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// SettlementReconcile reconciles stored payouts against the hub's orders
// and books them (docs/adr/0045-reconciliation.md): it runs the engine,
// keeps the run, posts its entry and, when the payout was reconciled
// before with another answer, reverses that run's entries first.
type SettlementReconcile struct {
	Unit Unit
	// Settlements is the stored settlements bound to the transaction of
	// st (settlementdb's binding, wired by cmd/fnshub).
	Settlements func(st Stores) settlement.Reader
	// FX gives exchange rates for orders in another currency than their
	// payout; nil reads the stored daily rates (Stores.Terms), the day
	// taken in Location.
	FX       recon.FX
	Location *time.Location // the entity's time zone; nil is UTC
	Now      func() time.Time
	// Periods lists a shop's imported payout periods for seeing
	// settlements that never arrived (ReconcileStored); nil is none.
	// SEAM: the settlement store (settlementdb) fills it.
	Periods func(ctx context.Context, st Stores, shop string) ([]recon.Period, error)
	// Channels names a shop's channel, for its platform's default
	// contract; nil takes the payout's platform.
	Channels func(ctx context.Context, shop string) (string, error)
	// Shops tells a shop that does not exist from one without payouts
	// (ReconcileShop); nil takes every shop named as existing.
	Shops SettlementShops
}

// ReconcileRequest names the payout and the terms it is held to.
type ReconcileRequest struct {
	PayoutID int64
	Channel  string // the shop's channel, as its orders carry it; the payout's platform when ""
	Contract recon.Contract
	Rules    recon.Rules
	Periods  []recon.Period // the shop's imported payout periods, for missing settlements
}

// ReconcileOutcome is what a reconciliation did.
type ReconcileOutcome struct {
	RunID     int64
	Duplicate bool // the payout's current run already says exactly this: nothing was posted
	Reversed  int  // entries of the previous run reversed
	Posted    []int64
	Result    recon.Result
}

// Reconcile reconciles one payout. Errors: NotFound (no such payout),
// Invalid (input the engine cannot read).
func (uc *SettlementReconcile) Reconcile(ctx context.Context, req ReconcileRequest) (ReconcileOutcome, error) {
	var out ReconcileOutcome
	err := uc.Unit.InTx(ctx, func(st Stores) (err error) {
		out, err = uc.reconcile(ctx, st, req)
		return err
	})
	return out, err
}

func (uc *SettlementReconcile) reconcile(ctx context.Context, st Stores, req ReconcileRequest) (ReconcileOutcome, error) {
	in, err := uc.read(ctx, st, req)
	if err != nil {
		return ReconcileOutcome{}, err
	}
	return uc.settle(ctx, st, req, in)
}

// payoutInput is what a payout's reconciliation reads before it books:
// the payout, its lines and the hub's orders they name or that may be due
// in its period. Reconciliation writes none of these (ADR 53: it only
// reads orders), so they may be read ahead, in a read transaction of their
// own, while the payout before is booked (ReconcileEach).
type payoutInput struct {
	payout  settlement.StoredPayout
	lines   []settlement.Line
	channel string
	window  time.Duration // the cycle and grace the orders were read for
	orders  []order.Settleable
}

// read reads a payout's input for req.
func (uc *SettlementReconcile) read(ctx context.Context, st Stores, req ReconcileRequest) (payoutInput, error) {
	rd := uc.Settlements(st)
	p, err := rd.Payout(ctx, req.PayoutID)
	if err != nil {
		return payoutInput{}, err
	}
	lines, err := rd.PayoutLines(ctx, p)
	if err != nil {
		return payoutInput{}, err
	}
	in := payoutInput{payout: p, lines: lines, channel: req.Channel, window: waitOf(req.Contract)}
	if in.channel == "" {
		in.channel = p.Platform
	}
	in.orders, err = settleableOrders(ctx, st, p, in.channel, lines, req.Contract)
	return in, err
}

// readFor reports whether in was read for what req asks: the same payout,
// channel and order window. A contract saved between a read ahead and the
// booking changes the window; the booking then reads again.
func (in payoutInput) readFor(req ReconcileRequest) bool {
	channel := req.Channel
	if channel == "" {
		channel = in.payout.Platform
	}
	return in.payout.ID == req.PayoutID && in.channel == channel && in.window == waitOf(req.Contract)
}

// settle runs the engine over in and books the result in st's
// transaction. What other payouts settled of each order is read here, in
// the booking transaction, so payouts booked one after another see each
// other's settlements.
func (uc *SettlementReconcile) settle(ctx context.Context, st Stores, req ReconcileRequest, in payoutInput) (ReconcileOutcome, error) {
	orders, err := expectedOf(ctx, st, in.payout, in.orders)
	if err != nil {
		return ReconcileOutcome{}, err
	}
	res, err := recon.Reconcile(recon.Input{Shop: in.payout.Shop, Channel: in.channel, Payout: in.payout.Payout, Lines: in.lines, Orders: orders,
		Contract: req.Contract, Rules: req.Rules, FX: uc.fx(ctx, st), Periods: req.Periods})
	if err != nil {
		return ReconcileOutcome{}, err
	}
	return uc.book(ctx, st, in.payout, in.lines, res)
}

// settleableOrders reads the hub's side: every order the lines name and
// every order that may be due in the payout's period. The period's orders
// are read by range first (one walk of the shop's orders by creation
// time), which finds most of the named ones too; only those it did not
// are read by key. Both read the settleable view of orders, not whole
// records (docs/adr/0056-settlement-at-scale.md).
func settleableOrders(ctx context.Context, st Stores, p settlement.StoredPayout, channel string, lines []settlement.Line, c recon.Contract) ([]order.Settleable, error) {
	seen := map[string]bool{}
	var refs []string
	for _, l := range lines {
		if l.OrderRef != "" && !seen[l.OrderRef] {
			seen[l.OrderRef] = true
			refs = append(refs, l.OrderRef)
		}
	}
	due, inRange, err := dueOrders(ctx, st, p, channel, c, seen)
	if err != nil {
		return nil, err
	}
	var keys []order.Key
	for _, ref := range refs {
		if _, ok := inRange[ref]; !ok {
			keys = append(keys, order.Key{Channel: channel, Shop: p.Shop, ExternalID: ref})
		}
	}
	byKey, err := st.Orders.SettleableByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, ref := range refs {
		if s, ok := inRange[ref]; ok {
			due = append(due, s)
		} else if s, ok := byKey[order.Key{Channel: channel, Shop: p.Shop, ExternalID: ref}]; ok {
			due = append(due, s)
		}
	}
	return due, nil
}

// expectedOf turns the orders into the hub's side, with what other
// payouts already settled of each.
func expectedOf(ctx context.Context, st Stores, p settlement.StoredPayout, due []order.Settleable) ([]recon.Expected, error) {
	out := make([]recon.Expected, len(due))
	ids := make([]int64, len(due))
	for i, s := range due {
		out[i] = orderExpected(s)
		ids[i] = out[i].OrderID
	}
	settled, err := st.Recon.Settled(ctx, ids, p.ID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if s, ok := settled[out[i].OrderID]; ok && s.Currency() == out[i].Currency {
			out[i].SettledElsewhere = s
		}
	}
	return out, nil
}

// dueOrders lists the shop's settleable orders that may be due in the
// payout's period: created from a day before the period less the
// settlement cycle and grace (orders are paid soon after they are
// created) to its end less them. It returns those the lines do not name
// (the engine keeps those that are due) and, by external id, the named
// ones it met on the way.
func dueOrders(ctx context.Context, st Stores, p settlement.StoredPayout, channel string, c recon.Contract, named map[string]bool) ([]order.Settleable, map[string]order.Settleable, error) {
	met := map[string]order.Settleable{}
	wait := waitOf(c)
	if wait <= 0 || p.Start.IsZero() || p.End.IsZero() {
		return nil, met, nil
	}
	all, err := st.Orders.SettleableCreated(ctx, channel, p.Shop, p.Start.Add(-wait-24*time.Hour), p.End.Add(-wait+time.Second))
	if err != nil {
		return nil, nil, err
	}
	var out []order.Settleable
	for _, s := range all {
		if named[s.ExternalID] {
			met[s.ExternalID] = s
		} else {
			out = append(out, s)
		}
	}
	return out, met, nil
}

// waitOf is how long after its period's orders a payout settles them:
// the contract's cycle and grace, none without a cycle.
func waitOf(c recon.Contract) time.Duration {
	if c.CycleDays <= 0 {
		return 0
	}
	return time.Duration(c.CycleDays+c.GraceDays) * 24 * time.Hour
}

// orderExpected is what the hub expects settled for an order. The hub
// keeps the sum of an order's refunds, not each one, so they are one
// refund without a platform id (matched by the date-window rule).
func orderExpected(s order.Settleable) recon.Expected {
	e := recon.Expected{OrderID: int64(s.ID), Ref: s.ExternalID, Shop: s.Shop, Channel: s.Channel, Currency: s.Currency,
		Gross: s.Total, PaidAt: s.PaidAt}
	if s.Refunded > 0 {
		e.Refunds = []recon.Refund{{Amount: money.New(s.Refunded, s.Currency), At: s.UpdatedAt}}
	}
	for _, l := range s.Lines {
		e.Lines = append(e.Lines, recon.ExpectedLine{SKU: l.SKU, Quantity: l.Quantity, Gross: l.Total})
	}
	return e
}

// book keeps the run and posts its entries; a payout reconciled before
// has that run's entries reversed first, unless the answer is the same.
func (uc *SettlementReconcile) book(ctx context.Context, st Stores, p settlement.StoredPayout, lines []settlement.Line, res recon.Result) (ReconcileOutcome, error) {
	entries := res.Plan.Entries(ledger.MaxPostings)
	fp := fingerprint(res, entries)
	prev, had, err := st.Recon.Current(ctx, p.ID)
	if err != nil {
		return ReconcileOutcome{}, err
	}
	if had && prev.Fingerprint == fp {
		return ReconcileOutcome{RunID: prev.ID, Duplicate: true, Result: res}, nil
	}
	runs, err := st.Recon.Runs(ctx, p.ID)
	if err != nil {
		return ReconcileOutcome{}, err
	}
	runNo := len(runs) + 1
	now := uc.now()
	out := ReconcileOutcome{Result: res}
	var replaced *recon.Run
	if had {
		if err := uc.reverse(ctx, st, &prev, runNo, now); err != nil {
			return ReconcileOutcome{}, err
		}
		replaced, out.Reversed = &prev, len(prev.Entries)
	}
	run := recon.Run{PayoutID: p.ID, PayoutRef: p.Ref, Shop: p.Shop, RulesVersion: res.RulesVersion, Currency: res.Currency,
		Waterfall: res.Waterfall, Fingerprint: fp}
	if run.Entries, err = uc.post(ctx, st, p, entries, runNo, now); err != nil {
		return ReconcileOutcome{}, err
	}
	for _, e := range run.Entries {
		out.Posted = append(out.Posted, e.EntryID)
	}
	if out.RunID, err = st.Recon.Insert(ctx, run, replaced, storedMatches(lines, res), res.Differences); err != nil {
		return ReconcileOutcome{}, err
	}
	return out, st.Profit.RecordActuals(ctx, p.ID, string(res.Currency), actualsOf(lines, res))
}

func (uc *SettlementReconcile) now() time.Time {
	if uc.Now != nil {
		return uc.Now()
	}
	return time.Now()
}

// reverse posts the reversal of each of prev's entries, recording them.
func (uc *SettlementReconcile) reverse(ctx context.Context, st Stores, prev *recon.Run, runNo int, now time.Time) error {
	var reqs []ledger.Request
	for _, e := range prev.Entries {
		reqs = append(reqs, ledger.Request{SourceKey: fmt.Sprintf("recon:%d:%d:undo:%d", prev.PayoutID, runNo, e.Seq), Reverses: e.EntryID,
			Description: fmt.Sprintf("结算单 %s 重新对账，冲回上次 / Payout %s reconciled again: previous run reversed", prev.PayoutRef, prev.PayoutRef)})
	}
	outs, err := postAll(ctx, st, reqs, now)
	if err != nil {
		return err
	}
	for i := range prev.Entries {
		prev.Entries[i].ReversedBy = outs[i]
	}
	return nil
}

// post posts the run's entries, dated when the money was paid out.
func (uc *SettlementReconcile) post(ctx context.Context, st Stores, p settlement.StoredPayout, entries [][]recon.Posting, runNo int, now time.Time) ([]recon.RunEntry, error) {
	m, err := st.Maps.Current(ctx, ledger.DefaultEntity)
	if err != nil {
		return nil, err
	}
	at := p.PaidAt()
	var reqs []ledger.Request
	for i, e := range entries {
		ps, err := recon.Ledger(m, e)
		if err != nil {
			return nil, err
		}
		req := ledger.Request{SourceKey: fmt.Sprintf("recon:%d:%d:%d", p.ID, runNo, i+1), MapVersion: m.Version, EffectiveAt: at, Postings: ps,
			Description: fmt.Sprintf("结算单 %s 对账 %d/%d / Payout %s reconciled, entry %d of %d", p.Ref, i+1, len(entries), p.Ref, i+1, len(entries))}
		if err := req.Validate(); err != nil {
			return nil, err
		}
		reqs = append(reqs, req)
	}
	ids, err := postAll(ctx, st, reqs, now)
	if err != nil {
		return nil, err
	}
	out := make([]recon.RunEntry, len(ids))
	for i, id := range ids {
		out[i] = recon.RunEntry{Seq: i + 1, EntryID: id}
	}
	return out, nil
}

func postAll(ctx context.Context, st Stores, reqs []ledger.Request, now time.Time) ([]int64, error) {
	if len(reqs) == 0 {
		return nil, nil
	}
	outs, err := st.Ledger.Post(ctx, reqs, now)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(outs))
	for i, o := range outs {
		if o.Err != nil {
			return nil, o.Err
		}
		ids[i] = o.Entry.ID
	}
	return ids, nil
}

func storedMatches(lines []settlement.Line, res recon.Result) []recon.StoredMatch {
	out := make([]recon.StoredMatch, len(res.Matches))
	for i, m := range res.Matches {
		l := lines[m.Line]
		out[i] = recon.StoredMatch{LineKey: l.Key, Kind: l.Kind, Amount: l.Amount, OrderID: m.OrderID, Refund: int(m.Refund),
			Rule: m.Rule.String(), RulesVersion: int(m.RulesVersion)}
	}
	return out
}

// fingerprint identifies a run's answer: its rules version, entries and
// differences. The same answer twice is a duplicate, not a re-run.
func fingerprint(res recon.Result, entries [][]recon.Posting) string {
	h := sha256.New()
	fmt.Fprintf(h, "v%d\n", res.RulesVersion)
	for _, e := range entries {
		for _, p := range e {
			fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%s\n", p.Role, p.Amount, p.Dims.Shop, p.Dims.Channel, p.Dims.SKU, p.Dims.Source.Kind, p.Dims.Source.ID)
		}
		h.Write([]byte("--\n"))
	}
	for _, d := range res.Differences {
		fmt.Fprintf(h, "%s|%s|%s\n", d.Class, d.Subject, strconv.FormatInt(d.Impact.Minor(), 10))
	}
	return hex.EncodeToString(h.Sum(nil))
}
