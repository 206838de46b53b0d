package parse

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
)

// counter is a Sink that only counts, so benchmarks measure the parser.
type counter struct{ payouts, lines int }

func (c *counter) Payout(settlement.Payout) error { c.payouts++; return nil }
func (c *counter) Line(settlement.Line) error     { c.lines++; return nil }

// rowStream is a reader that writes head then n rows made by row(i),
// without holding the file: a ten-million-line file costs no memory.
type rowStream struct {
	head, tail string
	n, i       int
	row        func(i int, b []byte) []byte
	buf        []byte
}

func (s *rowStream) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && (s.head != "" || s.i < s.n || s.tail != "") {
		switch {
		case s.head != "":
			s.buf, s.head = append(s.buf, s.head...), ""
		case s.i < s.n:
			s.buf = s.row(s.i, s.buf)
			s.i++
		default:
			s.buf, s.tail = append(s.buf, s.tail...), ""
		}
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}

// amazonStream is a V2 report of n detail rows: orders of four rows each.
func amazonStream(n int) io.Reader {
	head := strings.Join(amazonColumns, "\t") + "\n" +
		"555\t2026-03-01T00:00:00+00:00\t2026-03-15T00:00:00+00:00\t2026-03-17T00:00:00+00:00\t1.00\tEUR" + strings.Repeat("\t", 17) + "\n"
	kinds := [4]string{"ItemPrice\tPrincipal\t19,99", "ItemPrice\tTax\t3,80", "ItemFees\tCommission\t-3,00", "ItemFees\tFBAPerUnitFulfillmentFee\t-2,70"}
	return &rowStream{head: head, n: n, row: func(i int, b []byte) []byte {
		return fmt.Appendf(b, "555\t\t\t\t\tEUR\tOrder\t302-%07d-%07d\t\t\tDs%d\tAmazon.de\t%s\tAFN\t2026-03-02\t2026-03-02T14:23:00+00:00\t%d\t\t\tSKU-%d\t1\n",
			i/4%10000000, i/40000000, i/4, kinds[i%4], i/4, i%97)
	}}
}

// shopifyStream is one page of n balance transactions.
func shopifyStream(n int) io.Reader {
	return &rowStream{head: `{"transactions":[`, tail: "]}\n", n: n, row: func(i int, b []byte) []byte {
		if i > 0 {
			b = append(b, ',')
		}
		return fmt.Appendf(b, `{"id":%d,"type":"charge","test":false,"payout_id":623721858,"payout_status":"paid","currency":"USD","amount":"60.00","fee":"2.04","net":"57.96","source_id":%d,"source_type":"charge","source_order_id":%d,"processed_at":"2026-03-02T10:15:00-05:00"}`, 1000000+i, i, 450000000+i)
	}}
}

// paypalStream is one section of n SB rows.
func paypalStream(n int) io.Reader {
	head := `"RH",2026/03/03 03:15:00 -0800,"A","ACC",009` + "\n" + `"FH",01` + "\n" +
		`"SH",2026/03/01 00:00:00 -0800,2026/03/01 23:59:59 -0800,"ACC",""` + "\n" +
		`"CH","Transaction ID","Invoice ID","PayPal Reference ID","PayPal Reference ID Type","Transaction Event Code","Transaction Initiation Date","Transaction Completion Date","Transaction Debit or Credit","Gross Transaction Amount","Gross Transaction Currency","Fee Debit or Credit","Fee Amount","Fee Currency","Custom Field","Consumer ID","Payment Tracking ID","Store ID","Bank Reference ID","Credit Transactional Fee","Credit Promotional Fee","Credit Term"` + "\n"
	tail := fmt.Sprintf("\"SC\",%d\n\"RC\",%d\n\"FC\",%d\n", n, n, n)
	return &rowStream{head: head, tail: tail, n: n, row: func(i int, b []byte) []byte {
		return fmt.Appendf(b, `"SB","TX%015d","INV-%d","","","T0006",2026/03/01 08:01:17 -0800,2026/03/01 08:01:17 -0800,"CR",3000,"USD","DR",117,"USD","order-%d","","","","","",,,`+"\n", i, i, i)
	}}
}

// materialise reads a stream into memory, so benchmarks time the parser
// and not the generator.
func materialise(r io.Reader) []byte {
	b, _ := io.ReadAll(r)
	return b
}

func benchFormat(b *testing.B, format string, data []byte) {
	f, _ := Lookup(format)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var lines int
	cpu0 := cpuTime()
	for b.Loop() {
		c := &counter{}
		if err := f.Parse(context.Background(), bytes.NewReader(data), settlement.Options{}, c); err != nil {
			b.Fatal(err)
		}
		lines += c.lines
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
	// On a shared machine wall time says more about the neighbours than
	// the parser; lines per second of this process's CPU time does not.
	b.ReportMetric(float64(lines)/(cpuTime()-cpu0).Seconds(), "lines/cpu-s")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkAmazonV2(b *testing.B) { benchFormat(b, "amazon-v2", materialise(amazonStream(200_000))) }

func BenchmarkShopifyPayments(b *testing.B) {
	benchFormat(b, "shopify-payments", materialise(shopifyStream(50_000)))
}

func BenchmarkPayPalSTL(b *testing.B) {
	benchFormat(b, "paypal-stl", materialise(paypalStream(200_000)))
}

// TestFormats_StreamInBoundedMemory parses files far larger than the heap
// the parse may use and checks the live heap afterwards stays small: the
// parsers hold no row once it went to the sink.
func TestFormats_StreamInBoundedMemory(t *testing.T) {
	for _, tc := range []struct {
		format string
		src    io.Reader
	}{
		{"amazon-v2", amazonStream(200_000)},
		{"shopify-payments", shopifyStream(40_000)},
		{"paypal-stl", paypalStream(150_000)},
	} {
		t.Run(tc.format, func(t *testing.T) {
			f, _ := Lookup(tc.format)
			peak := &heapWatch{}
			if err := f.Parse(context.Background(), tc.src, settlement.Options{}, peak); err != nil {
				t.Fatal(err)
			}
			// 200,000 Amazon rows are about 30 MB of text; the exact
			// occurrence map of their rows is a few MB.
			if peak.max > 48<<20 {
				t.Fatalf("the heap reached %d MiB while streaming", peak.max>>20)
			}
			if peak.lines == 0 {
				t.Fatal("nothing parsed")
			}
		})
	}
}

// heapWatch samples the live heap every 40,000 lines.
type heapWatch struct {
	lines int
	max   uint64
}

func (h *heapWatch) Payout(settlement.Payout) error { return nil }
func (h *heapWatch) Line(settlement.Line) error {
	if h.lines++; h.lines%40_000 == 0 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		h.max = max(h.max, m.HeapAlloc)
	}
	return nil
}
