// Package kingdee simulates a 金蝶云星空 (Kingdee K/3 Cloud) WebAPI
// (platforms.md §7.1) on loopback: signed calls (Auth B) checked header by
// header, session logins (Auth A) with their cookies, general ledger
// vouchers saved, submitted, audited and found again by ExecuteBillQuery,
// and the faults a push must survive — a refused save, a timeout, a lost
// session — so internal/erp/kingdee is tested against the wire format.
package kingdee

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	kd "github.com/fnshub/fnshub/internal/erp/kingdee"
	"github.com/fnshub/fnshub/internal/sandbox"
)

// Options configure the simulated data centre.
type Options struct {
	AcctID    string
	Username  string
	Password  string // for Auth A
	AppID     string // for Auth B
	AppSecret string
	LCID      int      // default 2052
	Books     []string // the account books; default ["001"]
	Accounts  []string // the chart; empty: any account is accepted
	Seed      uint64   // for the random faults
}

// Voucher is one stored GL_VOUCHER.
type Voucher struct {
	ID      int64
	Book    string
	Date    string
	Group   string
	Status  string // A created, B submitted, C audited
	Entries []Entry
}

// Entry is one voucher entry as saved.
type Entry struct {
	Explanation string
	Account     string
	Currency    string
	Debit       string
	Credit      string
	Detail      map[string]string
}

// Server is the simulated WebAPI. It is safe for concurrent use.
type Server struct {
	opt    Options
	faults *sandbox.Faults
	signer kd.Signer

	mu        sync.Mutex
	vouchers  []*Voucher
	nextID    int64
	saves     int          // Save calls seen
	failSaves map[int]bool // Save calls (by count) to refuse
	submits   int          // Submit calls seen
	failSubs  map[int]bool // Submit calls (by count) to refuse
	sessions  map[string]bool
	seq       int
	calls     map[string]int
}

// New returns a data centre with no vouchers.
func New(opt Options) *Server {
	if opt.LCID == 0 {
		opt.LCID = 2052
	}
	if len(opt.Books) == 0 {
		opt.Books = []string{"001"}
	}
	return &Server{opt: opt, faults: sandbox.NewFaults(opt.Seed), nextID: 100001,
		failSaves: map[int]bool{}, failSubs: map[int]bool{}, sessions: map[string]bool{}, calls: map[string]int{},
		signer: kd.Signer{AppID: opt.AppID, AppSecret: opt.AppSecret, AcctID: opt.AcctID, Username: opt.Username, LCID: opt.LCID, OrgNum: "0"}}
}

// Faults is the injector of transport faults (Hang for a timeout, Reset,
// ServerError …), applied to every call.
func (s *Server) Faults() *sandbox.Faults { return s.faults }

// FailSave makes the n-th Save call from now (1: the next) refused, as
// Kingdee refuses a voucher: HTTP 200, IsSuccess false.
func (s *Server) FailSave(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failSaves[s.saves+n] = true
}

// FailSubmit makes the n-th Submit call from now refused: the voucher
// stays saved (status A), as when Kingdee's workflow refuses it.
func (s *Server) FailSubmit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failSubs[s.submits+n] = true
}

// LoseSessions ends every login session, as Kingdee does after ~20
// minutes idle: the next call with one is told 会话信息已丢失.
func (s *Server) LoseSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.sessions)
}

// Vouchers returns a copy of the stored vouchers, in the order saved.
func (s *Server) Vouchers() []Voucher {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Voucher, len(s.vouchers))
	for i, v := range s.vouchers {
		out[i] = *v
		out[i].Entries = slices.Clone(v.Entries)
	}
	return out
}

// Calls returns how many calls of a service (its last name: Save, Audit,
// ExecuteBillQuery, ValidateUser …) were answered.
func (s *Server) Calls(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[name]
}

// Handler serves the WebAPI under /k3cloud/.
func (s *Server) Handler() http.Handler {
	return s.faults.Wrap(http.HandlerFunc(s.serve), func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, refusal(500, 0, "", "服务器繁忙，请稍后再试"))
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	service, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/k3cloud/"), ".common.kdsvc")
	if r.Method != http.MethodPost || !ok {
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return
	}
	name := service[strings.LastIndex(service, ".")+1:]
	s.mu.Lock()
	s.calls[name]++
	s.mu.Unlock()
	if service == kd.ServiceLogin {
		s.login(w, body)
		return
	}
	if env := s.authorise(r); env != nil {
		writeJSON(w, env)
		return
	}
	switch service {
	case kd.ServiceSave:
		writeJSON(w, s.save(body))
	case kd.ServiceSub:
		if s.refuseSubmit() {
			writeJSON(w, refusal(500, 0, "", "提交失败：审批流程未配置"))
			return
		}
		writeJSON(w, s.advance(body, "A", "B", "提交"))
	case kd.ServiceAudit:
		writeJSON(w, s.advance(body, "B", "C", "审核"))
	case kd.ServiceQuery:
		writeJSON(w, s.query(body))
	default:
		writeJSON(w, refusal(500, 0, "", "服务 "+service+" 不存在"))
	}
}

func (s *Server) refuseSubmit() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.submits++
	if s.failSubs[s.submits] {
		delete(s.failSubs, s.submits)
		return true
	}
	return false
}

// authorise checks a call's signed headers, or else its session cookie,
// and returns Kingdee's refusal when neither holds.
func (s *Server) authorise(r *http.Request) any {
	if r.Header.Get("X-Api-Signature") != "" {
		if s.opt.AppID == "" {
			return refusal(500, 0, "", "未启用第三方系统登录授权")
		}
		if _, err := s.signer.Verify(r.URL.EscapedPath(), r.Header.Get); err != nil {
			return refusal(500, 0, "", "签名验证失败: "+err.Error())
		}
		return nil
	}
	c, err := r.Cookie("kdservice-sessionid")
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || !s.sessions[c.Value] {
		return refusal(500, 1, "", kd.MsgSessionLost)
	}
	return nil
}

// login is ValidateUser: a session and its cookies for the right password.
func (s *Server) login(w http.ResponseWriter, body []byte) {
	var req struct {
		AcctID   string `json:"acctID"`
		Username string `json:"username"`
		Password string `json:"password"`
		LCID     int    `json:"lcid"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.AcctID != s.opt.AcctID || req.Username != s.opt.Username ||
		s.opt.Password == "" || req.Password != s.opt.Password {
		writeJSON(w, kd.LoginResult{LoginResultType: 0, Message: "用户名或密码错误！"})
		return
	}
	s.mu.Lock()
	s.seq++
	id := "kdsid-" + itoa(int64(s.seq))
	s.sessions[id] = true
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "kdservice-sessionid", Value: id, Path: "/"})
	http.SetCookie(w, &http.Cookie{Name: "ASP.NET_SessionId", Value: "asp-" + id, Path: "/"})
	writeJSON(w, kd.LoginResult{LoginResultType: 1, Message: "", KDSVCSessionID: id, IsSuccessByAPI: true})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}
