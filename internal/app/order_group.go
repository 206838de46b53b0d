package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/pii"

	"github.com/fnshub/fnshub/internal/order"
)

// commit runs a group of order versions in one transaction. If that
// transaction fails as a whole, each version runs alone, so that one bad
// order cannot fail the others.
func (o *Orders) commit(ctx context.Context, ps []*pending) ([]Result, error) {
	res, err := o.commitGroup(ctx, ps)
	if err == nil || len(ps) == 1 {
		return res, err
	}
	out := make([]Result, len(ps))
	for i := range ps {
		r, err := o.commitGroup(ctx, ps[i:i+1])
		if err != nil {
			r = []Result{{Err: err}}
		}
		out[i] = r[0]
	}
	return out, nil
}

func (o *Orders) commitGroup(ctx context.Context, ps []*pending) ([]Result, error) {
	var results []Result
	err := o.unit.InTx(ctx, func(s Stores) error {
		w := o.newWork(s)
		var err error
		results, err = w.ingest(ctx, ps)
		return err
	})
	for i := range results {
		results[i].kept = err == nil
	}
	return results, err
}

// ingest applies each version in turn to the orders it names, then carries
// out the group's effects together: one routing pass and one reservation
// call, two ledger calls, and multi-row writes. Each payload is kept with
// the group, a refused one marked with why (docs/adr/0021).
func (w *work) ingest(ctx context.Context, ps []*pending) ([]Result, error) {
	ids, err := w.rawIDs(ctx, ps)
	if err != nil {
		return nil, err
	}
	if err := w.load(ctx, ps); err != nil {
		return nil, err
	}
	if err := w.sealContacts(ctx, ps); err != nil {
		return nil, err
	}
	results := make([]Result, len(ps))
	for i, p := range ps {
		results[i] = w.apply(ctx, p, ids[i])
		var half halfApplied
		if errors.As(results[i].Err, &half) {
			return nil, half.error
		}
	}
	w.raws = rawRows(ps, ids, results)
	if err := w.finish(ctx); err != nil {
		return nil, err
	}
	return results, nil
}

// rawIDs hands out ids for the payloads arriving now; a replayed one keeps
// the id it was kept under.
func (w *work) rawIDs(ctx context.Context, ps []*pending) ([]int64, error) {
	ids := make([]int64, len(ps))
	fresh := 0
	for _, p := range ps {
		if p.raw.ID == 0 {
			fresh++
		}
	}
	if fresh == 0 {
		for i, p := range ps {
			ids[i] = p.raw.ID
		}
		return ids, nil
	}
	next, err := w.s.Orders.NextIDs(ctx, "raw_events", fresh)
	if err != nil {
		return nil, err
	}
	for i, p := range ps {
		ids[i] = p.raw.ID
		if ids[i] == 0 {
			ids[i], next = next[0], next[1:]
		}
	}
	return ids, nil
}

// rawRows are the payloads arriving now, each with its outcome, for write
// to store.
func rawRows(ps []*pending, ids []int64, results []Result) []order.RawEvent {
	raws := make([]order.RawEvent, 0, len(ps))
	for i, p := range ps {
		if p.raw.ID != 0 {
			continue // replayed: kept already
		}
		ev := p.raw
		ev.ID = ids[i]
		if results[i].Err != nil {
			ev.Outcome, ev.OutcomeMessage = outcomeOf(results[i].Err)
		}
		raws = append(raws, ev)
	}
	return raws
}

// sealContacts seals each version's contact with its buyer's data key,
// making the key on a buyer's first order.
func (w *work) sealContacts(ctx context.Context, ps []*pending) error {
	refs := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.plain != nil {
			refs = append(refs, keyRef(p.ord))
		}
	}
	if err := w.buyers().create(ctx, refs...); err != nil {
		return err // every new buyer's key in one statement
	}
	for _, p := range ps {
		if p.plain == nil {
			continue // sealed again on every run: a failed one's new key was rolled back
		}
		sealed, err := w.buyers().seal(ctx, p.ord, *p.plain)
		if err != nil {
			return fmt.Errorf("app: seal the contact of order %s: %w", p.ord.Key(), err)
		}
		p.contact = sealed
	}
	return nil
}

// load reads the orders the group names and hands out ids for new ones.
func (w *work) load(ctx context.Context, ps []*pending) error {
	keys := make([]order.Key, len(ps))
	for i, p := range ps {
		keys[i] = p.ord.Key()
	}
	var err error
	if w.orders, err = w.s.Orders.LoadByKeys(ctx, keys); err != nil {
		return err
	}
	fresh := map[order.Key]bool{}
	for _, k := range keys {
		if w.orders[k] == nil {
			fresh[k] = true
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	w.newIDs, err = w.s.Orders.NextIDs(ctx, "orders", len(fresh))
	return err
}

// apply decides what one version does: create the order, change it, or
// nothing (a duplicate or an older version). The same version again with
// other content is refused: a channel that changes an order must raise its
// version, or the change would be lost without anyone knowing.
func (w *work) apply(ctx context.Context, p *pending, rawID int64) Result {
	rec := w.orders[p.ord.Key()]
	v := p.ord.Version
	if rec == nil {
		rec, err := w.create(p, rawID)
		if err != nil {
			return Result{Err: halfApplied{err}} // the order is queued to be written: the group cannot go on
		}
		return Result{Order: rec, Effect: EffectCreated}
	}
	if was, seen := rec.Versions[v]; seen {
		if (was.Hash != "" && was.Hash != p.hash) || was.Status != p.ord.Status {
			return Result{Err: fault.New(fault.Conflict, "order_version_conflict",
				"version %d of order %s was received before with other content or another status; send the changed order as a higher version", v, rec.Key())}
		}
		return Result{Order: rec, Effect: EffectDuplicate, Replayed: true}
	}
	if v < rec.Version {
		w.record(rec, p, rawID, order.VersionStale)
		return Result{Order: rec, Effect: EffectStale}
	}
	effect, err := w.update(ctx, rec, p, rawID)
	if err != nil {
		return Result{Err: err}
	}
	return Result{Order: rec, Effect: effect}
}

func (w *work) create(p *pending, rawID int64) (*order.Record, error) {
	if len(w.newIDs) == 0 { // load takes one id per new key, and each key is created once
		return nil, fmt.Errorf("app: no id left for new order %s", p.ord.Key())
	}
	rec := &order.Record{Order: p.ord, Contact: p.contact, RawEventID: rawID, ContentHash: p.hash, Versions: map[int64]order.Seen{}}
	rec.ID, rec.UpdatedAt = order.ID(w.newIDs[0]), w.now
	w.newIDs = w.newIDs[1:]
	w.orders[rec.Key()] = rec
	w.fresh, w.isChanged[rec.ID] = append(w.fresh, rec), true
	w.askInvoice(rec, p)
	w.record(rec, p, rawID, order.VersionCreated)
	w.event(order.TopicIngested, rec, map[string]any{"status": rec.Status, "version": rec.Version, "external_id": rec.ExternalID})
	if rec.Status == order.Paid {
		return rec, w.pay(rec, p)
	}
	return rec, nil
}

// update applies a newer version. Its content takes effect exactly: before
// payment it simply replaces the order's (改价); after payment and before
// shipping the order is re-evaluated with it (stock released and reserved
// again, the payment re-booked if the total moved, holds checked again);
// after shipping nothing of a change can apply, so the order is held and
// says what changed. A status the state machine forbids is refused before
// anything changes: a refused version leaves no trace but its payload.
func (w *work) update(ctx context.Context, rec *order.Record, p *pending, rawID int64) (Effect, error) {
	to := p.ord.Status
	if err := legalUpstream(rec.Status, to); err != nil {
		return "", err
	}
	if p.ord.Currency != rec.Currency {
		return "", fault.Invalidf("currency", "currency_changed",
			"order %s is in %s; a newer version cannot change its currency to %s", rec.Key(), rec.Currency, p.ord.Currency)
	}
	changes, err := w.changes(ctx, rec, p)
	if err != nil {
		return "", err
	}
	if err := w.keepCorrection(ctx, rec, p, slices.Contains(changes, "address")); err != nil {
		return "", err
	}
	effect, err := w.take(rec, p, changes)
	if err != nil {
		return "", halfApplied{err} // rec has begun to change: only a rollback undoes it
	}
	rec.Version, rec.RawEventID, rec.UpdatedAt = p.ord.Version, rawID, w.now
	w.touch(rec)
	w.record(rec, p, rawID, versionEffect[effect])
	return effect, nil
}

// keepCorrection weighs a receiver a person corrected against a newer
// version: one that changes the address (the buyer changed it on the
// platform) replaces the correction; one that does not keeps it, and the
// address check goes by the correction, so the order is not held again
// for the address a person already fixed.
func (w *work) keepCorrection(ctx context.Context, rec *order.Record, p *pending, addressChanged bool) error {
	if addressChanged && !shipped(rec) { // after shipping the new address is not applied (holdChanged)
		return w.s.Buyers.DropCorrection(ctx, int64(rec.ID))
	}
	if !heldFor(p.hold, order.HoldAddress) {
		return nil
	}
	cs, err := contactsIn(ctx, w.buyers(), []*order.Record{rec})
	if err != nil {
		return err
	}
	if cs[0].Corrected && cs[0].Err == nil && addressHold(cs[0].Contact, p.ord.Fulfillment) == nil {
		p.hold = nil // the address hold is checked last (firstHold), so no other hold is lost
	}
	return nil
}

// versionEffect is the effect a version is recorded with.
var versionEffect = map[Effect]order.VersionEffect{EffectApplied: order.VersionApplied, EffectHeld: order.VersionHeld}

// halfApplied is an error met after a version began to change its order in
// the work: the transaction cannot go on with the rest of the group, so the
// group fails and each version runs again alone.
type halfApplied struct{ error }

func (h halfApplied) Unwrap() error { return h.error }

// take applies a newer version's content and status to rec, as update
// says, and returns its effect.
func (w *work) take(rec *order.Record, p *pending, changes []string) (Effect, error) {
	w.askInvoice(rec, p)
	to := p.ord.Status
	undoing := to == order.Cancelled || to == order.Refunded
	effect := EffectApplied
	switch {
	case rec.Status == order.AwaitingPayment:
		w.replaceContent(rec, p) // what the buyer pays is only fixed by paying
		if to == order.Paid {
			rec.PaidAt = p.ord.PaidAt
			if err := rec.MoveTo(order.Paid); err != nil {
				return "", err
			}
			if err := w.pay(rec, p); err != nil {
				return "", err
			}
		}
	case len(changes) == 0 && !autoHeld(rec):
	case shipped(rec):
		if !undoing {
			w.holdChanged(rec, p.ord.Version, changes)
			effect = EffectHeld
		}
	case undoing:
		w.replaceContent(rec, p) // the order is cancelled as the channel last described it
	default:
		if err := w.change(rec, p, changes); err != nil {
			return "", err
		}
	}
	if undoing {
		if err := w.undo(rec, to); err != nil {
			return "", err
		}
	}
	return effect, nil
}

// shipped reports whether the order's goods have left (revenue recognised).
func shipped(rec *order.Record) bool {
	switch rec.Status {
	case order.Shipped, order.Completed, order.PartiallyRefunded:
		return true
	case order.Refunded:
		return rec.RevenueEntry != 0
	}
	return false
}

// changes lists what p changes in rec's content, the address included;
// none when p says what rec already holds.
func (w *work) changes(ctx context.Context, rec *order.Record, p *pending) ([]string, error) {
	if rec.ContentHash != "" && rec.ContentHash == p.hash {
		return nil, nil
	}
	parts := order.Changed(rec.Order, p.ord)
	if rec.ContentHash == "" { // stored before fingerprints: the address cannot be compared
		return parts, nil
	}
	old, err := w.buyers().open(ctx, rec, rec.Contact)
	if errors.Is(err, pii.ErrErased) {
		old, err = nil, nil // whatever this version sends is new
	}
	if err != nil {
		return nil, err
	}
	if contactPrint(w.keys, old) != p.contactPrint {
		parts = append(parts, "address")
	}
	return parts, nil
}

// replaceContent takes p's lines, amounts, buyer and address for rec.
func (w *work) replaceContent(rec *order.Record, p *pending) {
	rec.Lines, rec.ShippingFee, rec.Discount = p.ord.Lines, p.ord.ShippingFee, p.ord.Discount
	rec.PlatformDiscount, rec.Campaign = p.ord.PlatformDiscount, p.ord.Campaign
	rec.Province, rec.BuyerRef, rec.Fulfillment = p.ord.Province, p.ord.BuyerRef, p.ord.Fulfillment
	rec.Contact, rec.ContentHash = p.contact, p.hash
	if !slices.Contains(w.relined, rec) {
		w.relined = append(w.relined, rec)
	}
}

// change re-evaluates a paid order that has not shipped with a newer
// version's content, as if it had arrived so: the stock it holds goes back
// and is reserved again for the new lines, a payment booked at another
// total is reversed and booked anew, and the holds are checked again. A
// hold a person put on stays: the new content waits for their approval.
func (w *work) change(rec *order.Record, p *pending, changes []string) error {
	before, err := rec.Total()
	if err != nil {
		return err
	}
	w.replaceContent(rec, p)
	w.event(order.TopicChanged, rec, map[string]any{"version": p.ord.Version, "changed": nonNilStrings(changes)})
	after, err := rec.Total()
	if err != nil {
		return err
	}
	switch {
	case rec.PaidEntry != 0 && after != before:
		w.rebook(rec, p.ord.Version)
	case rec.PaidEntry == 0 && !heldFor(p.hold, order.HoldCurrency):
		w.queuePay(rec) // nothing was booked yet (a total of zero until now)
	}
	w.toRelease = append(w.toRelease, rec)
	w.dropAllocation(rec)
	if rec.Status == order.OnHold && rec.Hold != nil && rec.Hold.Reason == order.HoldManual {
		return nil
	}
	if p.hold != nil {
		return w.hold(rec, p.hold)
	}
	w.queueAllocation(rec, p.demand)
	return nil
}

// autoHeld reports whether rec is held for a reason its own content may
// clear (a mapping, stock, the amount, the address): a newer version is
// checked again even when its content is the same, since what it was
// checked against may have changed.
func autoHeld(rec *order.Record) bool {
	return rec.Status == order.OnHold && rec.Hold != nil && rec.Hold.Reason != order.HoldManual
}

func heldFor(h *order.Hold, reason order.HoldReason) bool { return h != nil && h.Reason == reason }

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// holdChanged holds a shipped order that a newer version would change. Its
// status stays: the goods are gone, so it can neither be cancelled nor
// allocated again; the hold is the exception a person must look at.
func (w *work) holdChanged(rec *order.Record, version int64, changes []string) {
	what := strings.Join(changes, ", ")
	rec.Hold = &order.Hold{Reason: order.HoldChangedAfterShipping,
		Message: fmt.Sprintf("version %d changes the %s of an order already %s; none of it was applied: handle it as after-sales "+
			"(refund or return) and approve to clear this hold", version, what, rec.Status),
		Detail: map[string]string{"changed": what, "version": fmt.Sprint(version), "status": string(rec.Status)}}
	w.touch(rec)
	w.event(order.TopicHeld, rec, rec.Hold)
}

// legalUpstream refuses what a channel may not say about an order in this
// state: unpaid again once paid, paid once undone, cancelled or refunded
// where the state machine forbids it.
func legalUpstream(from, to order.Status) error {
	switch {
	case to == order.Cancelled || to == order.Refunded,
		to == order.AwaitingPayment && from != order.AwaitingPayment,
		to == order.Paid && from.Final():
		_, err := order.Move(from, to)
		return err
	}
	return nil
}

// pay books the payment and, unless an exception holds the order, queues
// it for allocation. An order in a currency the books do not keep is held
// before anything is booked.
func (w *work) pay(rec *order.Record, p *pending) error {
	if heldFor(p.hold, order.HoldCurrency) {
		return w.hold(rec, p.hold)
	}
	w.queuePay(rec)
	if p.hold != nil {
		return w.hold(rec, p.hold)
	}
	w.queueAllocation(rec, p.demand)
	return nil
}

// hold puts rec on hold for h; an order held already keeps on_hold with
// the new reason.
func (w *work) hold(rec *order.Record, h *order.Hold) error {
	if rec.Status != order.OnHold {
		if err := rec.MoveTo(order.OnHold); err != nil {
			return err
		}
	}
	rec.Hold = h
	w.dropAllocation(rec)
	w.touch(rec)
	w.event(order.TopicHeld, rec, h)
	return nil
}

func (w *work) record(rec *order.Record, p *pending, rawID int64, e order.VersionEffect) {
	rec.Versions[p.ord.Version] = order.Seen{Hash: p.hash, Status: p.ord.Status}
	w.versions = append(w.versions, order.Version{OrderID: rec.ID, Version: p.ord.Version, Status: p.ord.Status,
		Effect: e, RawEventID: rawID, ReceivedAt: w.now, ContentHash: p.hash})
}
