package top

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// apiError is TOP's error_response.
type apiError struct {
	Code    int
	Msg     string
	SubCode string
	SubMsg  string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s %s %s", e.Code, e.Msg, e.SubCode, e.SubMsg)
}

func errMissing(param string) *apiError {
	return &apiError{Code: 40, Msg: "Missing required arguments:" + param, SubCode: "isv.missing-parameter", SubMsg: param + " is required"}
}

func errInvalidArgs(why string) *apiError {
	return &apiError{Code: 41, Msg: "Invalid arguments", SubCode: "isv.invalid-parameter", SubMsg: why}
}

// errBusiness is how TOP answers a refused business call: code 15, with
// the isv.* sub_code saying why.
func errBusiness(subCode, subMsg string) *apiError {
	return &apiError{Code: 15, Msg: "Remote service error", SubCode: subCode, SubMsg: subMsg}
}

// ok writes a method's success envelope: {"<method>_response": {…, request_id}}.
func (g *Gateway) ok(w http.ResponseWriter, method string, body map[string]any) {
	body["request_id"] = g.requestID()
	key := strings.ReplaceAll(strings.TrimPrefix(method, "taobao."), ".", "_") + "_response"
	write(w, map[string]any{key: body})
}

func (g *Gateway) fail(w http.ResponseWriter, err error) {
	e, ok := err.(*apiError)
	if !ok {
		e = &apiError{Code: 15, Msg: "Remote service error", SubCode: "isp.unknown-error", SubMsg: err.Error()}
	}
	body := map[string]any{"code": e.Code, "msg": e.Msg, "request_id": g.requestID()}
	if e.SubCode != "" {
		body["sub_code"] = e.SubCode
	}
	if e.SubMsg != "" {
		body["sub_msg"] = e.SubMsg
	}
	write(w, map[string]any{"error_response": body})
}

// throttle is TOP's answer to an app over its call limit: HTTP 200 with
// code 7 and the ban.
func (g *Gateway) throttle(w http.ResponseWriter, _ *http.Request) {
	g.fail(w, &apiError{Code: 7, Msg: "App Call Limited", SubCode: "accesscontrol.limited-by-app-access-count",
		SubMsg: fmt.Sprintf("This ban will last for %d more seconds", g.opt.BanSeconds)})
}

func write(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	_, _ = w.Write(b)
}
