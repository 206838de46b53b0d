package kingdee

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/money"
)

// lookupBatch is how many vouchers one ExecuteBillQuery looks for;
// queryLimit is its page size (Kingdee allows up to 10000).
const (
	lookupBatch = 50
	queryLimit  = 2000
)

// maxExplanation is where an entry's explanation is cut, in characters,
// inside the form's 255.
const maxExplanation = 200

// Document statuses of a Kingdee bill.
const (
	statusCreated   = "A" // 创建: saved, not submitted
	statusSubmitted = "B" // 审核中
	statusAudited   = "C" // 已审核
	statusRejected  = "D" // 重新审核: sent back, submit again
)

// found is a voucher Kingdee already holds.
type found struct {
	id     int64
	status string
}

// Push sends vs to Kingdee: for each, a voucher Kingdee holds already
// (found by our id in FEXPLANATION) is Exists, and only submitted and
// audited if it is not yet; any other is saved, submitted and audited. A
// voucher Kingdee refuses is Failed and the push goes on; a call that
// does not get through stops the push with the results so far.
func (p *Pusher) Push(ctx context.Context, vs []erp.Voucher) ([]erp.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]erp.Result, 0, len(vs))
	for start := 0; start < len(vs); start += lookupBatch {
		batch := vs[start:min(start+lookupBatch, len(vs))]
		held, err := p.lookup(ctx, batch)
		if err != nil {
			return out, err
		}
		for _, v := range batch {
			r, err := p.pushOne(ctx, v, held)
			out = append(out, r)
			if err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// pushOne returns the voucher's result, and an error when the call did not
// get through (Kingdee unreachable, timed out): the push stops there.
func (p *Pusher) pushOne(ctx context.Context, v erp.Voucher, held map[string]found) (erp.Result, error) {
	if f, ok := held[v.ID]; ok {
		return p.finish(ctx, v.ID, erp.Exists, f.id, f.status)
	}
	if err := erpcall.Check(v); err != nil { // what no ERP would take is not sent
		return erp.Result{ID: v.ID, Outcome: erp.Failed, Err: err}, nil
	}
	model, err := p.model(v)
	if err != nil {
		return erp.Result{ID: v.ID, Outcome: erp.Failed, Err: err}, nil
	}
	var env Envelope
	err = p.call(ctx, ServiceSave, SaveRequest{FormID: FormVoucher, Data: SaveData{
		NeedUpDateFields: []string{}, NeedReturnFields: []string{"FVOUCHERID"}, IsDeleteEntry: true, Model: model}}, &env)
	if r, stop, done := failed(v.ID, "", err); done {
		return r, stop
	}
	id, err := idOf(env.Result.ID)
	if err != nil {
		return erp.Result{ID: v.ID, Outcome: erp.Failed, Err: err}, nil
	}
	return p.finish(ctx, v.ID, erp.Created, id, statusCreated)
}

// finish submits and audits a saved voucher as far as its status needs.
// Failing here leaves the voucher saved in Kingdee: the result says Failed
// with its ref, and the next push finds it and finishes.
func (p *Pusher) finish(ctx context.Context, ourID string, outcome erp.Outcome, id int64, status string) (erp.Result, error) {
	ref := strconv.FormatInt(id, 10)
	steps := map[string][]string{
		statusCreated: {ServiceSub, ServiceAudit}, statusRejected: {ServiceSub, ServiceAudit}, statusSubmitted: {ServiceAudit},
	}[status]
	for _, service := range steps {
		var env Envelope
		err := p.call(ctx, service, BillsRequest{FormID: FormVoucher, Data: BillsData{Numbers: []string{}, Ids: ref}}, &env)
		if r, stop, done := failed(ourID, ref, err); done {
			r.Err = fmt.Errorf("voucher %s saved as %s but not %s: %w", ourID, ref, pastTense[service], r.Err)
			return r, stop
		}
	}
	return erp.Result{ID: ourID, Outcome: outcome, ERPRef: ref}, nil
}

var pastTense = map[string]string{ServiceSub: "submitted", ServiceAudit: "audited"}

// failed sorts a call's error: nil → not done; Kingdee's refusal → Failed,
// go on; anything else → Failed, stop the push.
func failed(ourID, ref string, err error) (erp.Result, error, bool) {
	if err == nil {
		return erp.Result{}, nil, false
	}
	r := erp.Result{ID: ourID, Outcome: erp.Failed, ERPRef: ref, Err: err}
	var ce *CallError
	if errors.As(err, &ce) {
		return r, nil, true
	}
	return r, err, true
}

// lookup asks Kingdee which of vs it holds, by our id at the start of an
// entry's explanation, in the configured book.
func (p *Pusher) lookup(ctx context.Context, vs []erp.Voucher) (map[string]found, error) {
	likes := make([]string, len(vs))
	for i, v := range vs {
		likes[i] = "FEXPLANATION like '" + quote(v.ID) + " %'"
	}
	q := QueryData{FormID: FormVoucher, FieldKeys: "FVOUCHERID,FEXPLANATION,FDocumentStatus",
		FilterString: "FAccountBookID.FNumber = '" + quote(p.cfg.AccountBook) + "' AND (" + strings.Join(likes, " OR ") + ")",
		Limit:        queryLimit}
	held := map[string]found{}
	for {
		var rows [][]any
		if err := p.call(ctx, ServiceQuery, QueryRequest{Data: q}, &rows); err != nil {
			return nil, fmt.Errorf("kingdee: look up %d vouchers: %w", len(vs), err)
		}
		for _, row := range rows {
			if err := addRow(held, row); err != nil {
				return nil, err
			}
		}
		if len(rows) < queryLimit {
			return held, nil
		}
		q.StartRow += len(rows)
	}
}

func addRow(held map[string]found, row []any) error {
	if len(row) != 3 {
		return fmt.Errorf("kingdee: query row %v has %d cells, asked for 3", row, len(row))
	}
	id, err := idOf(row[0])
	if err != nil {
		return err
	}
	expl, _ := row[1].(string)
	status, _ := row[2].(string)
	ourID, _, _ := strings.Cut(expl, " ")
	held[ourID] = found{id: id, status: status}
	return nil
}

// idOf reads a bill id, which Kingdee sends as a number or a string.
func idOf(v any) (int64, error) {
	switch x := v.(type) {
	case float64: // json.Unmarshal into any: exact for ids below 2⁵³
		if x < 1 || x > 1<<53 || x != float64(int64(x)) {
			return 0, fmt.Errorf("kingdee: bill id %v is not a positive whole number", x)
		}
		return int64(x), nil
	case string:
		return strconv.ParseInt(x, 10, 64)
	case json.Number:
		return x.Int64()
	}
	return 0, fmt.Errorf("kingdee: bill id %v is neither a number nor a string", v)
}

// quote escapes a value for a FilterString (SQL): ' doubled.
func quote(s string) string { return strings.ReplaceAll(s, "'", "''") }

// model is v as a GL_VOUCHER; every entry's explanation starts with our id.
func (p *Pusher) model(v erp.Voucher) (VoucherModel, error) {
	cur, err := p.currency(v.Currency)
	if err != nil {
		return VoucherModel{}, err
	}
	m := VoucherModel{FAccountBookID: Number{p.cfg.AccountBook}, FDate: v.Date.Format("2006-01-02"),
		FVOUCHERGROUPID: Number{p.cfg.VoucherGroup}}
	for _, l := range v.Lines {
		memo := l.Memo
		if memo == "" {
			memo = v.Memo
		}
		e := EntryModel{FEXPLANATION: cut(v.ID+" "+memo, maxExplanation), FACCOUNTID: Number{l.Account},
			FCURRENCYID: &Number{cur}, FDEBIT: json.Number(l.Debit.String()), FCREDIT: json.Number(l.Credit.String())}
		for name, code := range l.Aux {
			if e.FDetailID == nil {
				e.FDetailID = map[string]Number{}
			}
			e.FDetailID["FDETAILID__"+strings.ToUpper(name)] = Number{code}
		}
		m.FEntity = append(m.FEntity, e)
	}
	return m, nil
}

func (p *Pusher) currency(c money.Currency) (string, error) {
	if n, ok := p.cfg.Currencies[c]; ok {
		return n, nil
	}
	if c == "CNY" {
		return "PRE001", nil
	}
	return "", fmt.Errorf("kingdee: no Kingdee currency number for %s; set Config.Currencies", c)
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
