package parse

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/money"
)

// amazonAmountRows are the amount rows an Amazon event may hold; drawing
// from a short list makes identical rows within an event common.
var amazonAmountRows = [][3]string{
	{"ItemPrice", "Principal", "19.99"}, {"ItemPrice", "Tax", "4.00"}, {"ItemFees", "Commission", "-3.00"},
	{"ItemFees", "FBAPerUnitFulfillmentFee", "-2.70"}, {"Promotion", "Principal", "-1,00"}, {"ItemFees", "FBAPerUnitFulfillmentFee", "-2.70"},
}

// genAmazon writes a V2 report shaped as Amazon writes it: events (an
// order, a refund, a fee) each with its rows together.
func genAmazon(t *rapid.T) string {
	var b strings.Builder
	b.WriteString(strings.Join(amazonColumns, "\t") + "\n")
	b.WriteString("777\t2026-03-01T00:00:00+00:00\t2026-03-15T00:00:00+00:00\t2026-03-17T00:00:00+00:00\t10.00\tEUR" + strings.Repeat("\t", 17) + "\n")
	events := rapid.IntRange(0, 30).Draw(t, "events")
	for e := range events {
		tt := rapid.SampledFrom([]string{"Order", "Refund", "other-transaction"}).Draw(t, "type")
		order := fmt.Sprintf("302-%07d-%07d", e, rapid.IntRange(0, 3).Draw(t, "order"))
		if tt == "other-transaction" {
			order = ""
		}
		rows := rapid.SliceOfN(rapid.SampledFrom(amazonAmountRows), 1, 6).Draw(t, "rows")
		for _, r := range rows {
			cells := make([]string, len(amazonColumns))
			cells[0], cells[5], cells[6], cells[7] = "777", "EUR", tt, order
			cells[12], cells[13], cells[14] = r[0], r[1], r[2]
			cells[17] = fmt.Sprintf("2026-03-%02dT10:00:00+00:00", 1+e%14)
			b.WriteString(strings.Join(cells, "\t") + "\n")
		}
	}
	return b.String()
}

func genShopify(t *rapid.T) string {
	s, _ := genShopifyNets(t)
	return s
}

// genShopifyNets writes pages of balance transactions and returns each
// transaction's net by id.
func genShopifyNets(t *rapid.T) (string, map[string]int64) {
	var b strings.Builder
	nets := map[string]int64{}
	pages := rapid.IntRange(1, 3).Draw(t, "pages")
	id := 1000
	for range pages {
		b.WriteString(`{"transactions":[`)
		n := rapid.IntRange(0, 8).Draw(t, "txns")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			id += rapid.IntRange(1, 5).Draw(t, "gap")
			amount := rapid.Int64Range(-100000, 100000).Draw(t, "amount")
			fee := rapid.Int64Range(0, 5000).Draw(t, "fee")
			payout := rapid.SampledFrom([]string{"null", "55", "56"}).Draw(t, "payout")
			typ := rapid.SampledFrom([]string{"charge", "refund", "dispute", "adjustment", "payout", "mystery"}).Draw(t, "kind")
			nets[fmt.Sprint(id)] = amount - fee
			fmt.Fprintf(&b, `{"id":%d,"type":%q,"payout_id":%s,"currency":"USD","amount":%q,"fee":%q,"net":%q,"source_order_id":%d}`,
				id, typ, payout, money.New(amount, "USD").String(), money.New(fee, "USD").String(), money.New(amount-fee, "USD").String(), id*7)
		}
		b.WriteString("]}\n")
	}
	return b.String(), nets
}

func genPayPal(t *rapid.T) string {
	ch := `"CH","Transaction ID","Invoice ID","Transaction Event Code","Transaction Debit or Credit","Gross Transaction Amount","Gross Transaction Currency","Fee Debit or Credit","Fee Amount","Fee Currency","Custom Field"`
	lines := []string{`"RH",2026/03/03 03:15:00 -0800,"A","ACC",009`, `"FH",01`}
	sections, total, id := rapid.IntRange(1, 4).Draw(t, "sections"), 0, 0
	for s := range sections {
		lines = append(lines, fmt.Sprintf(`"SH",2026/03/%02d 00:00:00 -0800,2026/03/%02d 23:59:59 -0800,"ACC",""`, s+1, s+1), ch)
		n := rapid.IntRange(0, 10).Draw(t, "rows")
		for range n {
			id++
			code := rapid.SampledFrom([]string{"T0006", "T1107", "T0400", "T1201", "T9999"}).Draw(t, "code")
			lines = append(lines, fmt.Sprintf(`"SB","TX%06d","","%s","%s",%d,"USD","DR",%d,"USD",""`, id, code,
				rapid.SampledFrom([]string{"CR", "DR"}).Draw(t, "dc"), rapid.IntRange(0, 99999).Draw(t, "gross"), rapid.IntRange(0, 500).Draw(t, "fee")))
		}
		total += n
		lines = append(lines, fmt.Sprintf(`"SC",%d`, n))
	}
	lines = append(lines, fmt.Sprintf(`"RC",%d`, total), fmt.Sprintf(`"FC",%d`, total))
	return strings.Join(lines, "\r\n") + "\r\n"
}

// TestFormats_KeysUniqueAndStable: whatever the file, no two lines share a
// key, and parsing it again gives the same keys in the same order.
func TestFormats_KeysUniqueAndStable(t *testing.T) {
	for _, g := range []struct {
		format string
		gen    func(*rapid.T) string
	}{{"amazon-v2", genAmazon}, {"shopify-payments", genShopify}, {"paypal-stl", genPayPal}} {
		t.Run(g.format, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				data := g.gen(rt)
				first, err := parseWith(t, g.format, []byte(data))
				if err != nil {
					rt.Fatalf("a generated file failed: %v\n%s", err, data)
				}
				second, _ := parseWith(t, g.format, []byte(data))
				checkLines(t, first)
				if !reflect.DeepEqual(first, second) {
					rt.Fatal("two parses of one file differ")
				}
			})
		})
	}
}

// TestShopify_LinesOfATransactionSumToNet: the gross and fee lines of a
// balance transaction together are its net, so nothing is lost in the split.
func TestShopify_LinesOfATransactionSumToNet(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		data, nets := genShopifyNets(rt)
		r, err := parseWith(t, "shopify-payments", []byte(data))
		if err != nil {
			rt.Fatal(err)
		}
		sums := map[string]int64{}
		for _, l := range r.lines {
			sums[l.TxnRef] += l.Amount.Minor()
		}
		if !reflect.DeepEqual(sums, nets) {
			rt.Fatalf("lines sum to %v, nets are %v", sums, nets)
		}
		if len(sums) > 0 && len(r.payouts) == 0 {
			rt.Fatal("lines without any payout")
		}
	})
}

// TestOccurrences_UniquePastTheExactLimit: once the exact counts spill into
// the Bloom filter, numbers are still never repeated and a second run over
// the same rows numbers them the same.
func TestOccurrences_UniquePastTheExactLimit(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		rows := rapid.SliceOfN(rapid.Uint64Range(0, 20), 0, 200).Draw(rt, "rows")
		limit := rapid.IntRange(0, 5).Draw(rt, "limit")
		run := func() []string {
			o := newOccurrences()
			o.limit = limit
			var keys []string
			for _, r := range rows {
				keys = append(keys, fmt.Sprint(r, ":", o.next(rowHash(r))))
			}
			return keys
		}
		first := run()
		seen := map[string]bool{}
		for _, k := range first {
			if seen[k] {
				rt.Fatalf("occurrence %s twice", k)
			}
			seen[k] = true
		}
		if again := run(); !reflect.DeepEqual(first, again) {
			rt.Fatal("the same rows were numbered differently")
		}
		exact, counts := newOccurrences(), map[uint64]int{}
		for _, r := range rows {
			counts[r]++
			if n := exact.next(rowHash(r)); n != counts[r] {
				rt.Fatalf("below the limit row %d is occurrence %d, want %d", r, n, counts[r])
			}
		}
	})
}
