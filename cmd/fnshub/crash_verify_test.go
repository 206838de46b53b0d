package main

import (
	"fmt"
	"net/url"
	"testing"
)

// hubOrder is an order as GET /api/v1/orders lists it.
type hubOrder struct {
	ID         int64  `json:"id"`
	ExternalID string `json:"external_id"`
	Version    int64  `json:"version"`
	Status     string `json:"status"`
	Lines      []struct {
		Quantity int64 `json:"quantity"`
	} `json:"lines"`
	Hold *hubHold `json:"hold"`
}

type hubHold struct {
	Reason string `json:"reason"`
}

// listCrashOrders pages through every order of the crash test's shop.
func listCrashOrders(t *testing.T, s *served) (map[string]hubOrder, []string) {
	t.Helper()
	byExt := map[string]hubOrder{}
	var problems []string
	cursor := ""
	for {
		var page struct {
			Items []hubOrder `json:"items"`
			Next  string     `json:"next_cursor"`
		}
		s.mustJSON(t, &page, "GET", "/api/v1/orders?shop=CRASH&limit=1000&cursor="+url.QueryEscape(cursor), "")
		for _, o := range page.Items {
			if prev, dup := byExt[o.ExternalID]; dup {
				problems = append(problems, fmt.Sprintf("order %s stored twice, as ids %d and %d", o.ExternalID, prev.ID, o.ID))
			}
			byExt[o.ExternalID] = o
		}
		if cursor = page.Next; cursor == "" {
			return byExt, problems
		}
	}
}

// lostAcks names every acknowledged version whose effect is missing: the
// order is gone, has another id, or stands at an older version.
func lostAcks(book *ackBook, stored map[string]hubOrder) []string {
	var problems []string
	for ext, id := range book.ids {
		o, ok := stored[ext]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("order %s (id %d) was acknowledged but is gone", ext, id))
		case o.ID != id:
			problems = append(problems, fmt.Sprintf("order %s was acknowledged as id %d but is stored as id %d", ext, id, o.ID))
		case o.Version < book.newest(ext):
			problems = append(problems, fmt.Sprintf("order %s stands at version %d, but version %d was acknowledged", ext, o.Version, book.newest(ext)))
		}
	}
	return problems
}

// versionsRecorded checks, for the given orders, that each acknowledged
// version appears exactly once in the order's version history. Orders
// lostAcks reports as gone are skipped.
func versionsRecorded(t *testing.T, s *served, book *ackBook, stored map[string]hubOrder, exts []string) []string {
	var problems []string
	for _, ext := range exts {
		if stored[ext].ID != book.ids[ext] {
			continue
		}
		var d struct {
			Versions []struct {
				Version int64 `json:"version"`
			} `json:"versions"`
		}
		s.mustJSON(t, &d, "GET", fmt.Sprintf("/api/v1/orders/%d", book.ids[ext]), "")
		seen := map[int64]int{}
		for _, v := range d.Versions {
			seen[v.Version]++
		}
		for v := range book.versions[ext] {
			if seen[v] != 1 {
				problems = append(problems, fmt.Sprintf("order %s: acknowledged version %d recorded %d times", ext, v, seen[v]))
			}
		}
	}
	return problems
}

// notConverged compares the hub with the model once every request has
// been answered: each order stands at its newest version, in the status
// that version leads to, and the stock held is what allocated orders need.
func notConverged(model []*crashOrder, stored map[string]hubOrder, reserved int64) []string {
	var problems []string
	var allocated int64
	for _, m := range model {
		o, ok := stored[m.ext]
		if !ok {
			problems = append(problems, fmt.Sprintf("order %s is missing after every version was sent", m.ext))
			continue
		}
		if o.Version != m.newest || !leadsTo(m.newest, o) {
			problems = append(problems, fmt.Sprintf("order %s is at version %d, %s; its newest version is %d, %s",
				m.ext, o.Version, o.Status, m.newest, crashStatus[m.newest]))
		}
		if o.Status == "allocated" {
			for _, l := range o.Lines {
				allocated += l.Quantity
			}
		}
	}
	if len(stored) != len(model) {
		problems = append(problems, fmt.Sprintf("the hub has %d orders, the workload sent %d", len(stored), len(model)))
	}
	if reserved != allocated {
		problems = append(problems, fmt.Sprintf("%d units reserved, but allocated orders need %d", reserved, allocated))
	}
	return problems
}

// leadsTo reports whether o's status is where its newest upstream version
// leads: a cancelled order is cancelled; a paid one is allocated, or held
// for lack of stock.
func leadsTo(newest int64, o hubOrder) bool {
	if newest == 3 {
		return o.Status == "cancelled"
	}
	return o.Status == "allocated" || (o.Status == "on_hold" && o.Hold != nil && o.Hold.Reason == "insufficient_stock")
}

// stockLevel reads TEA-250 in HZ.
func stockLevel(t *testing.T, s *served) (onHand, reserved int64) {
	t.Helper()
	var levels struct {
		Items []struct {
			SKU       string `json:"sku"`
			Warehouse string `json:"warehouse"`
			OnHand    int64  `json:"on_hand"`
			Reserved  int64  `json:"reserved"`
		} `json:"items"`
	}
	s.mustJSON(t, &levels, "GET", "/api/v1/stock", "")
	for _, l := range levels.Items {
		if l.SKU == "TEA-250" && l.Warehouse == "HZ" {
			return l.OnHand, l.Reserved
		}
	}
	t.Fatalf("no stock level for TEA-250 in HZ: %+v", levels.Items)
	return 0, 0
}

// checkersCanFail is the negative control: the same checks, given a hub
// that lost an acknowledged version, an acknowledged order, or a
// reservation, must say so.
func checkersCanFail(t *testing.T, model []*crashOrder, book *ackBook) {
	stored := map[string]hubOrder{}
	for _, m := range model {
		o := hubOrder{ID: book.ids[m.ext], ExternalID: m.ext, Version: m.newest, Status: "cancelled"}
		if m.newest == 2 {
			o.Status, o.Hold = "on_hold", &hubHold{Reason: "insufficient_stock"}
		}
		stored[m.ext] = o
	}
	if p := notConverged(model, stored, 0); len(p) != 0 {
		t.Fatalf("negative control: a faithful hub fails notConverged: %q", p)
	}
	older := stored[model[0].ext]
	older.Version = book.newest(model[0].ext) - 1
	stored[model[0].ext] = older
	delete(stored, model[1].ext)
	if p := lostAcks(book, stored); len(p) != 2 {
		t.Errorf("negative control: lostAcks found %q, want the older version and the missing order", p)
	}
	if p := notConverged(model, stored, 1); len(p) != 4 {
		t.Errorf("negative control: notConverged found %q, want the older version, the missing order, the count and the stray reservation", p)
	}
}
