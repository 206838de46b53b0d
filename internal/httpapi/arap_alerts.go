package httpapi

import (
	"net/http"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
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
}

// dueAlerts adds the receivables and payables alerts for a caller who may
// read the books. A caller limited to some shops sees those shops'
// platform receivables only: customers and suppliers belong to no shop.
func (s *Server) dueAlerts(r *http.Request, shops []string, out *Alerts) error {
	if s.ARAP == nil || !roleIn(s.principalOf(r).User.Role, readers) {
		return nil
	}
	as, err := s.ARAP.Alerts(r.Context(), time.Now(), apDueWithinDays)
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
			Days: a.Days, Open: it.Open, Channel: it.Channel}
		if a.Kind == arap.APDue {
			out.Payables = appendDue(out.Payables, d)
		} else {
			out.Receivables = appendDue(out.Receivables, d)
		}
	}
	return nil
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
