package shopify

import (
	"context"
	"strconv"

	"github.com/fnshub/fnshub/internal/channel"
)

// maxStockBatch is the most quantities one inventorySetQuantities carries:
// well under Shopify's 250 input array entries, so a call stays small and
// a refused call costs little to send again.
const maxStockBatch = 100

// MaxStockBatch is channel.BatchStockPusher's: how many pushes PushStocks
// takes.
func (c *Connector) MaxStockBatch() int { return maxStockBatch }

// stockEntry is one push of a batch on its way to inventorySetQuantities.
type stockEntry struct {
	at        int // its index in the batch
	item, loc string
	qty       int64
	expected  *int64
}

// cached reports whether variant's inventory item is known.
func (c *Connector) cached(variant string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[variant] != ""
}

// PushStocks writes the pushes with one inventorySetQuantities (two
// before 2026-04 when some compare and some do not, since
// ignoreCompareQuantity is the whole call's there). Shopify writes all
// quantities of a call or none: a userError names the quantity it is
// about (field input.quantities.<i>…), that push fails with it — a stale
// compare as a Conflict carrying the re-read quantity — and the call's
// other pushes fail with channel.ErrNotApplied for the caller to send
// again with fresh values. The variants not looked up yet are resolved
// with one nodes query first, and cached as PushStock's are, so a batch of
// known variants is one call.
func (c *Connector) PushStocks(ctx context.Context, pushes []channel.StockPush) []channel.StockOutcome {
	out := make([]channel.StockOutcome, len(pushes))
	if len(pushes) > maxStockBatch {
		err := &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: "a stock batch takes at most " + strconv.Itoa(maxStockBatch) + " pushes"}
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	variants := make([]string, len(pushes))
	for i, s := range pushes {
		variants[i] = s.ExternalSKUID
	}
	unknown, lerr := c.inventoryItems(ctx, variants)
	var blind, compared []stockEntry
	for i, s := range pushes {
		gid := toGID("ProductVariant", s.ExternalSKUID)
		if s.ExternalSKUID != "" && (lerr != nil && !c.cached(gid) || unknown[gid]) {
			out[i].Err = lerr
			if unknown[gid] {
				out[i].Err = &channel.Error{Kind: channel.NotFound, Platform: "shopify", Message: "no variant " + legacyID(gid)}
			}
			continue
		}
		e, err := c.entryOf(ctx, i, s)
		switch {
		case err != nil:
			out[i].Err = err
		case e.expected == nil:
			blind = append(blind, e)
		default:
			compared = append(compared, e)
		}
	}
	if c.since("2026-04") {
		c.setEntries(ctx, append(blind, compared...), out)
		return out
	}
	c.setEntries(ctx, blind, out)
	c.setEntries(ctx, compared, out)
	return out
}

// entryOf checks one push and finds its inventory item and location.
func (c *Connector) entryOf(ctx context.Context, at int, s channel.StockPush) (stockEntry, error) {
	if s.ExternalSKUID == "" || s.Quantity < 0 {
		return stockEntry{}, &channel.Error{Kind: channel.Rejected, Platform: "shopify",
			Message: "a Shopify stock push names the variant (ExternalSKUID) and a quantity ≥ 0"}
	}
	item, err := c.inventoryItem(ctx, s.ExternalSKUID)
	if err != nil {
		return stockEntry{}, err
	}
	loc, err := c.locationFor(ctx, s.Location)
	if err != nil {
		return stockEntry{}, err
	}
	return stockEntry{at: at, item: item, loc: loc, qty: s.Quantity, expected: s.Expected}, nil
}

// setEntries sends one inventorySetQuantities for es and fills their
// outcomes. es all compare or all set blindly before 2026-04.
func (c *Connector) setEntries(ctx context.Context, es []stockEntry, out []channel.StockOutcome) {
	if len(es) == 0 {
		return
	}
	ue, err := c.setMany(ctx, es)
	if err != nil {
		for _, e := range es {
			out[e.at].Err = err
		}
		return
	}
	if len(ue) == 0 {
		for _, e := range es {
			out[e.at].Result = channel.StockResult{Quantity: e.qty} // an absolute set that went through: Shopify holds qty
		}
		return
	}
	refused := map[int]error{}
	for _, u := range ue {
		i, ok := quantityIndex(u.Field)
		if !ok || i >= len(es) {
			// About the call as a whole: every push fails with it.
			for _, e := range es {
				out[e.at].Err = c.stockRefusal([]userError{u})
			}
			return
		}
		if _, seen := refused[i]; !seen {
			refused[i] = c.stockRefusal([]userError{u})
		}
	}
	for i, e := range es {
		err, ok := refused[i]
		if !ok {
			out[e.at].Err = channel.ErrNotApplied
			continue
		}
		out[e.at].Err = c.withCurrent(ctx, e, err)
	}
}

// withCurrent adds the quantity Shopify holds to a Conflict, as
// PushStock does.
func (c *Connector) withCurrent(ctx context.Context, e stockEntry, err error) error {
	ce, ok := err.(*channel.Error)
	if !ok || ce.Kind != channel.Conflict {
		return err
	}
	current, rerr := c.available(ctx, e.item, e.loc)
	if rerr != nil {
		return rerr
	}
	ce.Current = &current
	return ce
}

// quantityIndex reads the quantity a userError is about from its field
// path, ["input", "quantities", "<i>", …].
func quantityIndex(field []string) (int, bool) {
	if len(field) < 3 || field[0] != "input" || field[1] != "quantities" {
		return 0, false
	}
	i, err := strconv.Atoi(field[2])
	return i, err == nil && i >= 0
}

// setMany sends one inventorySetQuantities for es and returns its
// userErrors.
func (c *Connector) setMany(ctx context.Context, es []stockEntry) ([]userError, error) {
	in := setInput{Name: "available", Reason: "correction", ReferenceDocumentURI: c.reference()}
	op, doc, vars := "SetAvailable", mutationSetAvailable, map[string]any{"input": &in}
	if c.since("2026-04") {
		qs := make([]quantityInput, len(es))
		for i, e := range es {
			qs[i] = quantityInput{e.item, e.loc, e.qty, e.expected}
		}
		in.Quantities = qs
		vars["key"] = idempotencyKey()
	} else {
		ignore := es[0].expected == nil
		in.IgnoreCompareQuantity = &ignore
		qs := make([]quantityInputCompare, len(es))
		for i, e := range es {
			qs[i] = quantityInputCompare{e.item, e.loc, e.qty, e.expected}
		}
		in.Quantities = qs
		op, doc = "SetAvailableCompare", mutationSetAvailableCompare
	}
	var data struct {
		Set struct {
			UserErrors []userError `json:"userErrors"`
		} `json:"inventorySetQuantities"`
	}
	if err := c.call(ctx, op, doc, vars, &data); err != nil {
		return nil, err
	}
	return data.Set.UserErrors, nil
}

var _ channel.BatchStockPusher = (*Connector)(nil)
