package pulltest

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
)

var amazonColumns = []string{"settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
	"transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name", "amount-type",
	"amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time", "order-item-code", "merchant-order-item-id",
	"merchant-adjustment-item-id", "sku", "quantity-purchased"}

// AmazonReport writes a V2 settlement flat file of settlement id with
// rows order rows of GBP 1.00 each, one order each, as it is read: about
// 190 bytes a row.
func AmazonReport(id string, rows int) func(io.Writer) error {
	return func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, strings.Join(amazonColumns, "\t"))
		fmt.Fprintf(bw, "%s\t2026-03-01T00:00:00+00:00\t2026-03-15T00:00:00+00:00\t2026-03-17T00:00:00+00:00\t%d.00\tGBP%s\n",
			id, rows, strings.Repeat("\t", 17))
		for i := range rows {
			fmt.Fprintf(bw, "%s\t\t\t\t\tGBP\tOrder\t206-%07d-%07d\t\t\tD1FyNyr6b\tAmazon.co.uk\tItemPrice\tPrincipal\t1.00\tAFN\t2026-03-02\t2026-03-02T14:23:00+00:00\t%014d\t\t\tWIDGET-%06d\t1\n",
				id, i/10_000_000, i%10_000_000, i, i%1_000_000)
		}
		return bw.Flush()
	}
}

// Zipped writes what write writes as the one member, name, of a ZIP,
// streamed (the sizes and CRC after the data, as zip does on a writer
// that cannot seek), with method zip.Deflate or zip.Store (a ZIP as large
// as its content).
func Zipped(name string, method uint16, write func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		zw := zip.NewWriter(w)
		m, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			return err
		}
		if err := write(m); err != nil {
			return err
		}
		return zw.Close()
	}
}

// Measure is the size and SHA-256 of what write writes, not kept.
func Measure(write func(io.Writer) error) (int64, [32]byte, error) {
	h := sha256.New()
	c := &counter{w: h}
	err := write(c)
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return c.n, sum, err
}

// Digest reads r through, keeping only its size and SHA-256.
func Digest(r io.Reader) (int64, [32]byte, error) {
	return Measure(func(w io.Writer) error { _, err := io.Copy(w, r); return err })
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
