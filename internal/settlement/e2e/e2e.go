// Package e2e is the end-to-end settlement benchmark of issue 10 item 10
// (docs/adr/0053-settlement-end-to-end.md): a generated month
// (recontest) seeded as hub orders and written as settlement files, then
// imported and reconciled through the app use cases on a real database,
// timed by phase, with every injected difference required found and none
// invented; and the plain SQL-join baseline on the same data.
package e2e

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
)

// linesPerOrder is about how many settlement lines a generated order
// gives (sales, charges, refunds), for sizing a month by lines.
const linesPerOrder = 2.2

// Month generates a month of about lines settlement lines with
// injections injected differences of every class.
func Month(lines, injections int, seed uint64) *recontest.Month {
	per := int(float64(lines)/linesPerOrder/75) + 1
	per = max(per, 3*injections/75+20) // enough plain orders for the injections
	return recontest.Generate(recontest.Options{Seed: seed, OrdersPerPayout: per, Injections: injections, PaidAtShipping: true})
}

// Phase is one timed step.
type Phase struct {
	Name    string
	Lines   int64
	Elapsed time.Duration
	CPU     time.Duration // of the whole process (user + system), the steadier figure on a shared machine
}

// timer measures a phase's wall and CPU time.
type timer struct {
	wall time.Time
	cpu  time.Duration
}

func startTimer() timer { return timer{time.Now(), cpuTime()} }

func (t timer) phase(name string, lines int64) Phase {
	return Phase{Name: name, Lines: lines, Elapsed: time.Since(t.wall), CPU: cpuTime() - t.cpu}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Rate is lines per second of wall time.
func (p Phase) Rate() float64 { return float64(p.Lines) / p.Elapsed.Seconds() }

func (p Phase) String() string {
	return fmt.Sprintf("%-20s %10d lines %8.2f s %10.0f lines/s %8.2f CPU-s %10.0f lines/CPU-s", p.Name, p.Lines, p.Elapsed.Seconds(), p.Rate(),
		p.CPU.Seconds(), float64(p.Lines)/p.CPU.Seconds())
}

// Report is what a run measured and found.
type Report struct {
	Phases   []Phase
	PeakRSS  int64 // VmHWM of the process, bytes
	Missed   []string
	Invented []string
}

func (r Report) String() string {
	var b strings.Builder
	var total time.Duration
	var lines int64
	for _, p := range r.Phases {
		fmt.Fprintln(&b, p)
		if strings.HasSuffix(p.Name, "import") || strings.HasSuffix(p.Name, "reconcile") { // the baseline's too
			total += p.Elapsed
			lines = p.Lines
		}
	}
	fmt.Fprintf(&b, "end to end: %d lines in %.2f s, %.0f lines/s; peak RSS %d MiB; missed %d, invented %d\n",
		lines, total.Seconds(), float64(lines)/total.Seconds(), r.PeakRSS>>20, len(r.Missed), len(r.Invented))
	return b.String()
}

// check compares found subjects with the injected ones.
func check(m *recontest.Month, found map[string]bool) (missed, invented []string) {
	want := map[string]bool{}
	for _, in := range m.Injected {
		want[injectionKey(string(in.Class), in.Payout, in.Subject)] = true
	}
	for k := range want {
		if !found[k] {
			missed = append(missed, k)
		}
	}
	for k := range found {
		if !want[k] {
			invented = append(invented, k)
		}
	}
	sort.Strings(missed)
	sort.Strings(invented)
	return missed, invented
}

func injectionKey(class, payout, subject string) string { return class + " " + payout + " " + subject }

// PeakRSS reads the process's peak resident memory (VmHWM) in bytes, 0
// where /proc is not there.
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// FreeMemory returns what the generated month held to the system before
// the timed phases.
func FreeMemory() { runtime.GC(); debug.FreeOSMemory() }

// ResetPeakRSS starts VmHWM afresh (Linux's clear_refs "5"), so a peak
// read later is of what follows, not of generating the month.
func ResetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }
