package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/store"
)

// consoleMeasure times requests to the served API and the baseline query
// straight on the database.
type consoleMeasure struct {
	base, token string
	client      *http.Client
	db          *store.DB
	loc         *time.Location
	reps, skus  int
	end         time.Time
	rng         *rand.Rand
}

// listProbe is one filter combination of GET /api/v1/orders; params draws
// one request's values.
type listProbe struct {
	name   string
	params func() url.Values
}

var consoleStatuses = []string{"shipped", "shipped", "shipped", "allocated", "cancelled", "on_hold", "refunded", "partially_refunded", "awaiting_payment"}

func (m *consoleMeasure) listProbes() []listProbe {
	shop := func() string { return consoleShops[m.rng.IntN(len(consoleShops))].id }
	status := func() string { return consoleStatuses[m.rng.IntN(len(consoleStatuses))] }
	hold := func() string { return consoleHolds[m.rng.IntN(len(consoleHolds))] }
	sku := func() string { return fmt.Sprintf("SKU-%04d", 1+m.rng.IntN(m.skus)) }
	buyer := func() string { return fmt.Sprintf("b%07x", m.rng.IntN(1_500_000)) }
	days := func(v url.Values, n int) url.Values { // n days ending on a day of the year
		last := m.end.AddDate(0, 0, -m.rng.IntN(365-n+1)).In(m.loc)
		v.Set("from", last.AddDate(0, 0, -n+1).Format(time.DateOnly))
		v.Set("to", last.Format(time.DateOnly))
		return v
	}
	kv := func(pairs ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v
	}
	return []listProbe{
		{"no filter", func() url.Values { return kv() }},
		{"shop", func() url.Values { return kv("shop", shop()) }},
		{"status", func() url.Values { return kv("status", status()) }},
		{"hold", func() url.Values { return kv("hold", hold()) }},
		{"sku", func() url.Values { return kv("sku", sku()) }},
		{"buyer", func() url.Values { return kv("buyer", buyer()) }},
		{"day", func() url.Values { return days(kv(), 1) }},
		{"month", func() url.Values { return days(kv(), 30) }},
		{"shop+status", func() url.Values { return kv("shop", shop(), "status", status()) }},
		{"shop+hold", func() url.Values { return kv("shop", shop(), "hold", hold()) }},
		{"shop+sku", func() url.Values { return kv("shop", shop(), "sku", sku()) }},
		{"shop+buyer", func() url.Values { return kv("shop", shop(), "buyer", buyer()) }},
		{"status+hold", func() url.Values { return kv("status", "on_hold", "hold", hold()) }},
		{"status+sku", func() url.Values { return kv("status", status(), "sku", sku()) }},
		{"shop+day", func() url.Values { return days(kv("shop", shop()), 1) }},
		{"shop+month", func() url.Values { return days(kv("shop", shop()), 30) }},
		{"status+day", func() url.Values { return days(kv("status", status()), 1) }},
		{"status+month", func() url.Values { return days(kv("status", status()), 30) }},
		{"hold+month", func() url.Values { return days(kv("hold", hold()), 30) }},
		{"sku+day", func() url.Values { return days(kv("sku", sku()), 1) }},
		{"sku+month", func() url.Values { return days(kv("sku", sku()), 30) }},
		{"buyer+month", func() url.Values { return days(kv("buyer", buyer()), 30) }},
		{"shop+status+day", func() url.Values { return days(kv("shop", shop(), "status", status()), 1) }},
		{"shop+status+month", func() url.Values { return days(kv("shop", shop(), "status", status()), 30) }},
		{"shop+status+sku+month", func() url.Values { return days(kv("shop", shop(), "status", status(), "sku", sku()), 30) }},
		{"shop+hold+sku+buyer+month", func() url.Values { return days(kv("shop", shop(), "hold", hold(), "sku", sku(), "buyer", buyer()), 30) }},
		{"shop+status+year, page 2", func() url.Values { return m.secondPage(days(kv("shop", shop(), "status", status()), 365)) }},
		{"no filter, page 50", func() url.Values { return kv("cursor", fmt.Sprint(6_000_000-m.rng.IntN(100_000))) }},
	}
}

// secondPage turns v into the request for its second page.
func (m *consoleMeasure) secondPage(v url.Values) url.Values {
	var page struct {
		Next string `json:"next_cursor"`
	}
	if err := m.getJSON("/api/v1/orders?"+v.Encode(), &page); err == nil && page.Next != "" {
		v.Set("cursor", page.Next)
	}
	return v
}

type timing struct{ p50, p95, max time.Duration }

func latencies(ds []time.Duration) timing {
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return timing{at(0.50), at(0.95), ds[len(ds)-1]}
}

func (t timing) String() string {
	r := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	return r(t.p50) + " | " + r(t.p95) + " | " + r(t.max)
}

func (m *consoleMeasure) run(ctx context.Context, out io.Writer) error {
	fmt.Fprintf(out, "\nGET /api/v1/orders (limit 100), %d requests each, ms:\n\n| filters | p50 | p95 | max |\n|---|---|---|---|\n", m.reps)
	for _, p := range m.listProbes() {
		ds := make([]time.Duration, 0, m.reps)
		for range m.reps {
			d, err := m.timeGet("/api/v1/orders?" + p.params().Encode())
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			ds = append(ds, d)
		}
		fmt.Fprintf(out, "| %s | %s |\n", p.name, latencies(ds))
	}
	fmt.Fprintf(out, "\nGET /api/v1/analytics/overview, %d requests each, against the GROUP BY over base tables (%d queries each, on the database), ms:\n\n", m.reps, baselineReps)
	fmt.Fprintln(out, "| range | rollups p50 | p95 | max | base tables p50 | p95 | max |\n|---|---|---|---|---|---|---|")
	for _, r := range []struct {
		name string
		days int
	}{{"month", 30}, {"quarter", 91}, {"year", 365}} {
		roll, base, err := m.overview(ctx, r.days)
		if err != nil {
			return fmt.Errorf("overview %s: %w", r.name, err)
		}
		fmt.Fprintf(out, "| %s | %s | %s |\n", r.name, roll, base)
	}
	return nil
}

// overview times the rollup endpoint for reps ranges of days, and the
// baseline for a few of them: it takes seconds each.
func (m *consoleMeasure) overview(ctx context.Context, days int) (roll, base timing, err error) {
	var rs, bs []time.Duration
	for i := range m.reps {
		last := m.end.AddDate(0, 0, -m.rng.IntN(365-days+1)).In(m.loc)
		first := last.AddDate(0, 0, -days+1)
		d, err := m.timeGet(fmt.Sprintf("/api/v1/analytics/overview?from=%s&to=%s", first.Format(time.DateOnly), last.Format(time.DateOnly)))
		if err != nil {
			return roll, base, err
		}
		rs = append(rs, d)
		if i >= baselineReps {
			continue
		}
		began := time.Now()
		if err := m.baseline(ctx, first, last.AddDate(0, 0, 1)); err != nil {
			return roll, base, err
		}
		bs = append(bs, time.Since(began))
	}
	return latencies(rs), latencies(bs), nil
}

// baselineReps is how many ranges the baseline is timed for.
const baselineReps = 5

// baseline is what the overview would cost without rollups: GMV, orders
// and refunds grouped by day and shop over the orders created in the
// range, revenue and COGS over the postings in it.
func (m *consoleMeasure) baseline(ctx context.Context, from, to time.Time) error {
	_, off := from.Zone()
	lo, hi := from.UnixMicro(), to.UnixMicro()
	day := fmt.Sprintf("(created_at + %d) / 86400000000", int64(off)*1_000_000)
	queries := []string{
		`SELECT ` + day + `, shop, channel, currency, SUM(CASE WHEN status NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE 0 END),
			SUM(CASE WHEN status NOT IN ('awaiting_payment', 'cancelled') THEN total ELSE 0 END) FROM orders
			WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4`,
		fmt.Sprintf(`SELECT (p.effective_at + %d) / 86400000000, e.shop, p.currency,
			SUM(CASE WHEN p.account_code = '6001' THEN -p.amount_minor ELSE 0 END), SUM(CASE WHEN p.account_code = '6401' THEN p.amount_minor ELSE 0 END)
			FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE e.effective_at >= ? AND e.effective_at < ?
			AND p.account_code IN ('6001', '6401') GROUP BY 1, 2, 3`, int64(off)*1_000_000),
	}
	return m.db.Read(ctx, func(tx *store.Tx) error {
		for _, q := range queries {
			rows, err := tx.Query(ctx, q, lo, hi)
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
}

func (m *consoleMeasure) timeGet(path string) (time.Duration, error) {
	began := time.Now()
	resp, err := m.get(path)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return time.Since(began), err
}

func (m *consoleMeasure) get(path string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, m.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+m.token)
	return m.client.Do(req)
}

func (m *consoleMeasure) getJSON(path string, into any) error {
	resp, err := m.get(path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(into)
}
