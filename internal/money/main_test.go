package money_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain raises rapid's default of 100 cases per property to 5000, so
// every plain `go test` explores thousands of inputs. An explicit
// -rapid.checks flag or RAPID_CHECKS variable still wins.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set && os.Getenv("RAPID_CHECKS") == "" {
		if err := flag.Set("rapid.checks", "5000"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
