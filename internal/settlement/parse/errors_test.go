package parse

import (
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
)

// errorCase is a file that must be rejected at Row and Column.
type errorCase struct {
	name   string
	data   string
	row    int
	column string
}

func runErrorCases(t *testing.T, format string, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseWith(t, format, []byte(tc.data))
			var pe *settlement.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want a *settlement.ParseError, got %v", err)
			}
			if pe.Format != format || pe.Row != tc.row || pe.Column != tc.column || pe.Reason == "" {
				t.Fatalf("got format %q row %d column %q (%v), want row %d column %q", pe.Format, pe.Row, pe.Column, err, tc.row, tc.column)
			}
		})
	}
}

// tsvEdit returns the tab-delimited file with the cell (row, column by
// header name) replaced; row is 1-based.
func tsvEdit(file string, row int, column, value string) string {
	lines := strings.Split(file, "\n")
	names := strings.Split(strings.TrimSuffix(lines[0], "\r"), "\t")
	for i, n := range names {
		if n == column {
			cells := strings.Split(lines[row-1], "\t")
			cells[i] = value
			lines[row-1] = strings.Join(cells, "\t")
		}
	}
	return strings.Join(lines, "\n")
}

func TestAmazonV2_Errors(t *testing.T) {
	jp := string(readTestdata(t, "amazon_jp.tsv"))
	header := jp[:strings.IndexByte(jp, '\n')+1]
	runErrorCases(t, "amazon-v2", []errorCase{
		{"an empty file", "", 1, ""},
		{"a header without the amount column", strings.Replace(jp, "\tamount\t", "\tbetrag\t", 1), 1, "amount"},
		{"a comma-separated file", strings.ReplaceAll(jp, "\t", ","), 1, "settlement-id"},
		{"a header and nothing else", header, 2, ""},
		{"a detail row where the summary should be", header + jp[strings.Index(jp, "33445566778\t\t"):], 2, "total-amount"},
		{"a summary without settlement-id", tsvEdit(jp, 2, "settlement-id", ""), 2, "settlement-id"},
		{"a summary currency not ISO", tsvEdit(jp, 2, "currency", "YEN"), 2, "currency"},
		{"a summary total with too many decimals", tsvEdit(jp, 2, "total-amount", "12.5"), 2, "total-amount"},
		{"a summary start date in no known shape", tsvEdit(jp, 2, "settlement-start-date", "March 1st"), 2, "settlement-start-date"},
		{"a deposit date that does not exist", tsvEdit(jp, 2, "deposit-date", "2026-02-30"), 2, "deposit-date"},
		{"a detail row of another settlement", tsvEdit(jp, 4, "settlement-id", "999"), 4, "settlement-id"},
		{"a detail amount that is not a number", tsvEdit(jp, 3, "amount", "15000円"), 3, "amount"},
		{"a detail amount that is empty", tsvEdit(jp, 5, "amount", ""), 5, "amount"},
		{"a detail currency not ISO", tsvEdit(jp, 3, "currency", "JPN"), 3, "currency"},
		{"a posted time with a bad hour", tsvEdit(jp, 3, "posted-date-time", "2026-03-02 25:00:00 UTC"), 3, "posted-date-time"},
		{"a posted date alone that is bad", tsvEdit(tsvEdit(jp, 4, "posted-date-time", ""), 4, "posted-date", "2026-13-02"), 4, "posted-date"},
		{"a quantity that is not whole", tsvEdit(jp, 3, "quantity-purchased", "1.5"), 3, "quantity-purchased"},
		{"gzip magic with a broken stream", "\x1f\x8bnot really gzip", 1, ""},
	})
}

func TestShopifyPayments_Errors(t *testing.T) {
	page := func(txn string) string {
		return `{"transactions":[{"id":1,"type":"charge","payout_id":7,"currency":"USD","amount":"10.00","fee":"0.59","net":"9.41","processed_at":"2026-03-02T10:00:00Z"},` + txn + `]}`
	}
	good := `{"id":2,"type":"charge","payout_id":7,"currency":"USD","amount":"5.00","fee":"0.30","net":"4.70","processed_at":"2026-03-02T10:00:00Z"}`
	runErrorCases(t, "shopify-payments", []errorCase{
		{"an empty file", "", 1, ""},
		{"net that is not amount minus fee", page(strings.Replace(good, `"4.70"`, `"4.71"`, 1)), 2, "transactions.net"},
		{"a currency not ISO", page(strings.Replace(good, `"USD"`, `"usd"`, 1)), 2, "transactions.currency"},
		{"a transaction without id", page(strings.Replace(good, `"id":2`, `"id":null`, 1)), 2, "transactions.id"},
		{"an amount with three decimals", page(strings.Replace(good, `"5.00"`, `"5.000"`, 1)), 2, "transactions.amount"},
		{"a fee that is not a number", page(strings.Replace(good, `"0.30"`, `"free"`, 1)), 2, "transactions.fee"},
		{"a processed_at that is not a time", page(strings.Replace(good, `2026-03-02T10:00:00Z`, `yesterday`, 1)), 2, "transactions.processed_at"},
		{"an id that is an object", page(strings.Replace(good, `"id":2`, `"id":{}`, 1)), 2, "transactions"},
		{"a payout without amount", `{"payouts":[{"id":7,"currency":"USD","amount":"1.00","date":"2026-03-02"},{"id":8,"currency":"USD","date":"2026-03-02"}]}`, 2, "payouts.amount"},
		{"a payout with a bad date", `{"payouts":[{"id":7,"currency":"USD","amount":"1.00","date":"2026-3-2"}]}`, 1, "payouts.date"},
		{"a payout without id", `{"payouts":[{"currency":"USD","amount":"1.00"}]}`, 1, "payouts.id"},
		{"payouts that are not an array", `{"payouts":{"id":7}}`, 1, "payouts"},
		{"a top-level array", `[{"payouts":[]}]`, 1, ""},
		{"JSON cut short", page(good)[:60], 1, ""},
		{"not JSON", "id,type\n1,charge\n", 1, ""},
	})
}

// stlEdit returns the STL test file with line n (1-based) replaced, or
// dropped when repl is "-".
func stlEdit(file string, n int, repl string) string {
	lines := strings.Split(strings.TrimSuffix(file, "\r\n"), "\r\n")
	if repl == "-" {
		lines = append(lines[:n-1], lines[n:]...)
	} else {
		lines[n-1] = repl
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}

func TestPayPalSTL_Errors(t *testing.T) {
	stl := string(readTestdata(t, "paypal_stl.csv"))
	lines := strings.Split(stl, "\r\n")
	sb := lines[4] // the first SB row
	runErrorCases(t, "paypal-stl", []errorCase{
		{"an empty file", "", 1, ""},
		{"a section missing a row", stlEdit(stl, 6, "-"), 9, "Section Record Count"},
		{"a report count that disagrees", stlEdit(stl, 20, `"RC",9`), 20, "Report Record Count"},
		{"a file count that disagrees", stlEdit(stl, 22, `"FC",7`), 22, "File Record Count"},
		{"a count that is not a number", stlEdit(stl, 10, `"SC",four`), 10, "Section Record Count"},
		{"a file cut inside a section", strings.Join(lines[:7], "\r\n") + "\r\n", 8, ""},
		{"a file cut before its FC row", strings.Join(lines[:21], "\r\n") + "\r\n", 22, ""},
		{"a debit/credit flag that is neither", stlEdit(stl, 5, strings.Replace(sb, `"CR",3000`, `"XX",3000`, 1)), 5, "Transaction Debit or Credit"},
		{"a fee flag that is neither", stlEdit(stl, 5, strings.Replace(sb, `"DR",117`, `"",117`, 1)), 5, "Fee Debit or Credit"},
		{"a signed amount", stlEdit(stl, 5, strings.Replace(sb, `3000`, `-3000`, 1)), 5, "Gross Transaction Amount"},
		{"a decimal amount", stlEdit(stl, 5, strings.Replace(sb, `3000`, `30.00`, 1)), 5, "Gross Transaction Amount"},
		{"a currency not ISO", stlEdit(stl, 5, strings.Replace(sb, `3000,"USD"`, `3000,"US$"`, 1)), 5, "Gross Transaction Currency"},
		{"a yen amount with cents", stlEdit(stl, 14, strings.Replace(lines[13], `18100`, `18150`, 1)), 14, "Fee Amount"},
		{"a transaction without id", stlEdit(stl, 5, strings.Replace(sb, `"7AB12345CD678901E"`, `""`, 1)), 5, "Transaction ID"},
		{"a completion date that is not a date", stlEdit(stl, 5, strings.Replace(sb, `2026/03/01 08:01:17 -0800,"CR"`, `soon,"CR"`, 1)), 5, "Transaction Completion Date"},
		{"a CH row without the gross amount", stlEdit(stl, 4, strings.Replace(lines[3], `"Gross Transaction Amount"`, `"Gross"`, 1)), 4, "Gross Transaction Amount"},
		{"an SB row before any CH row", stlEdit(stl, 4, "-"), 4, ""},
		{"an SB row outside a section", stlEdit(stl, 3, "-"), 4, ""},
		{"a section header without account", stlEdit(stl, 3, `"SH",2026/03/01 00:00:00 -0800,2026/03/01 23:59:59 -0800,"",""`), 3, "Account ID"},
		{"a section header with a bad date", stlEdit(stl, 3, `"SH",03-01-2026,2026/03/01 23:59:59 -0800,"M",""`), 3, "Payout Start Date"},
		{"a section opened inside a section", stlEdit(stl, 9, lines[2]), 9, ""},
		{"a section header replaced by another row", stlEdit(stl, 3, `"FH",02`), 5, ""},
		{"a section footer without header", stlEdit(stlEdit(stl, 11, `"FH",02`), 10, `"SC",4`+"\r\n"+`"SC",4`), 11, ""},
		{"an unknown row type", stlEdit(stl, 2, `"ZZ",1`), 2, ""},
		{"rows after the file footer", stl + `"RH",x` + "\r\n", 23, ""},
		{"a quoted field never closed", stlEdit(stl, 22, `"FC,8`), 22, ""},
	})
}
