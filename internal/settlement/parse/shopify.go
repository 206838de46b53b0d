package parse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
)

const shopifyName = "shopify-payments"

// shopifyPayments reads what the Shopify Payments REST API returns: a JSON
// object holding "payouts" (payouts.json) and/or "transactions"
// (balance/transactions.json), or several such objects one after another,
// as a pull that follows the Link header pages writes them.
var shopifyPayments = settlement.Format{
	Name:     shopifyName,
	Platform: "shopify",
	Summary:  `Shopify Payments payouts and balance transactions (JSON {"payouts":[…],"transactions":[…]}, pages concatenated)`,
	Parse:    parseShopify,
}

// pendingPayout is the PayoutRef of balance transactions not yet in a
// payout (no payout_id): Shopify has not scheduled them, so they are held
// under one placeholder payout until a later pull brings their payout.
const pendingPayout = "pending"

type shopifyParser struct {
	dec      *json.Decoder
	sink     settlement.Sink
	loc      *time.Location
	payouts  int // payouts read, for Row
	txns     int // transactions read, for Row
	declared map[string]bool
	// referenced are payouts transactions name that the file did not
	// declare (a transactions-only pull); they are sent, without a total,
	// once the file is read.
	referenced map[string]settlement.Payout
}

func parseShopify(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	br, err := openInput(r)
	if err != nil {
		return rowError(shopifyName, 1, "", "%v", err)
	}
	// A payout's date has no zone; it is read in the caller's location,
	// else UTC (the shop's zone is not in the file).
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	p := &shopifyParser{dec: json.NewDecoder(br), sink: sink, loc: loc,
		declared: map[string]bool{}, referenced: map[string]settlement.Payout{}}
	for objects := 0; ; objects++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		tok, err := p.dec.Token()
		if err == io.EOF {
			if objects == 0 {
				return rowError(shopifyName, 1, "", `the file is empty; expected {"payouts":[…]} or {"transactions":[…]}`)
			}
			return p.flushReferenced()
		}
		if err != nil {
			return p.syntax(err)
		}
		if tok != json.Delim('{') {
			return rowError(shopifyName, p.payouts+p.txns+1, "", `want a JSON object {"payouts":[…],"transactions":[…]}, got %v`, tok)
		}
		if err := p.readObject(ctx); err != nil {
			return err
		}
	}
}

// readObject reads one page object after its opening '{'. The first
// token was consumed by the caller; anything but an object fails here.
func (p *shopifyParser) readObject(ctx context.Context) error {
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return p.syntax(err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			return rowError(shopifyName, p.payouts+p.txns+1, "", "want a field name, got %v", tok)
		case "payouts":
			err = p.readArray(ctx, "payouts", p.payout)
		case "transactions":
			err = p.readArray(ctx, "transactions", p.transaction)
		default:
			var skip json.RawMessage
			err = p.dec.Decode(&skip)
			if err != nil {
				err = p.syntax(err)
			}
		}
		if err != nil {
			return err
		}
	}
	if _, err := p.dec.Token(); err != nil {
		return p.syntax(err)
	}
	return nil
}

// readArray streams the elements of one array to read, one at a time.
func (p *shopifyParser) readArray(ctx context.Context, name string, read func(json.RawMessage) error) error {
	if tok, err := p.dec.Token(); err != nil {
		return p.syntax(err)
	} else if tok != json.Delim('[') {
		return rowError(shopifyName, 1, name, "%q must be an array", name)
	}
	for n := 0; p.dec.More(); n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return p.syntax(err)
		}
		if err := read(raw); err != nil {
			return err
		}
	}
	_, err := p.dec.Token()
	if err != nil {
		return p.syntax(err)
	}
	return nil
}

// syntax reports JSON that cannot be read, at the element being read.
func (p *shopifyParser) syntax(err error) error {
	var se *json.SyntaxError
	var pe *settlement.ParseError
	switch {
	case errors.As(err, &pe) || isContextErr(err):
		return err
	case errors.As(err, &se):
		return rowError(shopifyName, p.payouts+p.txns+1, "", "not valid JSON at byte %d: %v", se.Offset, err)
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return rowError(shopifyName, p.payouts+p.txns+1, "", "the JSON ends early: the download was cut short")
	}
	return rowError(shopifyName, p.payouts+p.txns+1, "", `not a Shopify Payments page (want {"payouts":[…],"transactions":[…]}): %v`, err)
}

// flushReferenced sends the payouts transactions named but the file never
// declared, in Ref order so that two parses agree.
func (p *shopifyParser) flushReferenced() error {
	refs := make([]string, 0, len(p.referenced))
	for ref := range p.referenced {
		if !p.declared[ref] {
			refs = append(refs, ref)
		}
	}
	slices.Sort(refs)
	for _, ref := range refs {
		if err := p.sink.Payout(p.referenced[ref]); err != nil {
			return err
		}
	}
	return nil
}

// jsonText is a JSON scalar kept as text: Shopify sends ids as numbers
// (or strings in some clients), amounts as strings, and nulls.
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = jsonText(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*t = jsonText(b)
	default:
		return errors.New("want a string or a number, got " + string(b))
	}
	return nil
}
