package httpapi

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// apDueWithinDays is how far ahead the dashboard warns of bills due.
const apDueWithinDays = 7

// DueAlert is one open receivable past its due date (and grace), or one
// bill due within apDueWithinDays, or past due.
type DueAlert struct {
	Kind    string       `json:"kind"`  // ar_overdue, ap_due
	Party   string       `json:"party"` // the shop (platform), customer or supplier
	Type    string       `json:"type"`  // platform, customer, supplier
	Ref     string       `json:"ref"`   // order id, invoice or bill number
	Due     string       `json:"due"`   // yyyy-mm-dd
	Days    int          `json:"days"`  // days overdue (AR), days until due (AP; negative when past)
	Open    money.Amount `json:"open"`
	Channel string       `json:"channel,omitempty"`
	Entity  int64        `json:"entity"` // the legal entity whose books and documents it is in
}

// dueAlerts adds the receivables and payables alerts for a caller who may
// read the books. A caller limited to some shops sees those shops'
// platform receivables only: customers and suppliers belong to no shop.
func (s *Server) dueAlerts(r *http.Request, shops []string, out *Alerts) error {
	if s.ARAP == nil || !roleIn(s.principalOf(r).User.Role, readers) {
		return nil
	}
	as, err := s.entityAlerts(r.Context(), time.Now())
	if err != nil {
		return err
	}
	out.Receivables, out.Payables = []DueAlert{}, []DueAlert{}
	for _, a := range as {
		it := a.Item
		if shops != nil && (it.Kind != arap.PlatformAR || !slices.Contains(shops, it.Party)) {
			continue
		}
		d := DueAlert{Kind: string(a.Kind), Party: it.Party, Type: string(it.Kind), Ref: it.Ref, Due: it.Due.Format(arap.DateLayout),
			Days: a.Days, Open: it.Open, Channel: it.Channel, Entity: it.Entity}
		if a.Kind == arap.APDue {
			out.Payables = appendDue(out.Payables, d)
		} else {
			out.Receivables = appendDue(out.Receivables, d)
		}
	}
	return nil
}

// entityAlerts are every legal entity's alerts, each from its own books
// and documents (docs/adr/0060), merged most urgent first.
func (s *Server) entityAlerts(ctx context.Context, now time.Time) ([]arap.Alert, error) {
	ucs := []*app.ARAP{s.ARAP}
	if s.Entities != nil {
		es, err := s.Entities.List(ctx)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.ID != ledger.DefaultEntity {
				ucs = append(ucs, s.ARAP.For(e.ID, e.BaseCurrency))
			}
		}
	}
	var out []arap.Alert
	for _, uc := range ucs {
		as, err := uc.Alerts(ctx, now, apDueWithinDays)
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	arap.SortAlerts(out)
	return out, nil
}

// maxDueAlerts is how many alerts of each list the dashboard gets: the
// most urgent first (arap.Alerts sorts them). A shop whose settlements are
// not imported has every order overdue; the aging report lists them all.
const maxDueAlerts = 50

func appendDue(list []DueAlert, d DueAlert) []DueAlert {
	if len(list) >= maxDueAlerts {
		return list
	}
	return append(list, d)
}
