package money_test

import (
	"fmt"

	"github.com/fnshub/fnshub/internal/money"
)

func ExampleParse() {
	a, err := money.Parse("12.5", "CNY")
	fmt.Println(a.Format(), a.Minor(), err)

	// Ambiguous or over-precise input is refused, never guessed at.
	_, err = money.Parse("1,234.56", "CNY")
	fmt.Println(err)
	_, err = money.Parse("0.125", "CNY")
	fmt.Println(err)
	// Output:
	// 12.50 CNY 1250 <nil>
	// money: cannot parse "1,234.56": remove the thousands separator: send 1234.56
	// money: cannot parse "0.125": CNY has 2 decimal places, got 3; amounts are never rounded, send at most 2
}

func ExampleAmount_Allocate() {
	// A 1.00 CNY order discount over three equal lines: the extra fen goes
	// to the first line, and the parts add back up to exactly 1.00.
	parts, _ := money.New(100, "CNY").Allocate([]int64{1, 1, 1})
	fmt.Println(parts[0], parts[1], parts[2])

	// Weighted by line value; the zero-value line gets nothing.
	parts, _ = money.New(-1000, "CNY").Allocate([]int64{2999, 0, 1999})
	fmt.Println(parts[0], parts[1], parts[2])
	// Output:
	// 0.34 0.33 0.33
	// -6.00 0.00 -4.00
}

func ExampleAmount_SplitVAT() {
	vat := money.MustRate("13%")
	for _, gross := range []money.Amount{money.New(11300, "CNY"), money.New(100, "CNY")} {
		net, tax, _ := gross.SplitVAT(vat)
		fmt.Printf("gross %s = net %s + tax %s\n", gross, net, tax)
	}
	// Output:
	// gross 113.00 = net 100.00 + tax 13.00
	// gross 1.00 = net 0.88 + tax 0.12
}
