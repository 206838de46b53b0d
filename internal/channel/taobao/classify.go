package taobao

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// platform names TOP in errors and the registry.
const platform = "taobao"

// apiError is TOP's error envelope:
// {"error_response":{"code":7,"msg":"…","sub_code":"…","sub_msg":"…","request_id":"…"}}.
type apiError struct {
	Code      json.Number `json:"code"`
	Msg       string      `json:"msg"`
	SubCode   string      `json:"sub_code"`
	SubMsg    string      `json:"sub_msg"`
	RequestID string      `json:"request_id"`
}

// banFor reads the ban TOP states with codes 7 and 8, in English "This ban
// will last for 3 more seconds" (also seen without "for"). A Chinese
// wording is not documented in any source we read, so none is parsed.
var banFor = regexp.MustCompile(`ban will last (?:for )?(\d{1,7}) more seconds?`)

// classifier returns the Classify for calls signed with these secrets; it
// strikes them from any message the platform echoes back.
func classifier(secrets ...string) channel.Classify {
	return func(status int, _ http.Header, body []byte) error {
		return classify(status, body, secrets)
	}
}

func classify(status int, body []byte, secrets []string) error {
	switch {
	case status == http.StatusTooManyRequests:
		return &channel.Error{Kind: channel.Throttled, Platform: platform, Code: "429", Message: "too many requests"}
	case status >= 500:
		return &channel.Error{Kind: channel.Unavailable, Platform: platform, Code: strconv.Itoa(status), Message: "gateway error"}
	case status != http.StatusOK:
		return &channel.Error{Kind: channel.Rejected, Platform: platform, Code: strconv.Itoa(status), Message: "gateway refused the request"}
	}
	var env struct {
		Error *apiError `json:"error_response"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		// An HTML page from a proxy, or an answer cut short: try again.
		return &channel.Error{Kind: channel.Unavailable, Platform: platform, Message: "the answer is not JSON", Err: err}
	}
	if env.Error == nil {
		return nil
	}
	return errorOf(env.Error, secrets)
}

// errorOf maps an error_response to an *Error. Code and sub_code both
// decide: TOP's top-level codes are few and stable; sub_code says which side
// failed (isp.* the platform, isv.* the caller).
func errorOf(e *apiError, secrets []string) *channel.Error {
	out := &channel.Error{Platform: platform, Code: e.Code.String(), Message: scrub(message(e), secrets)}
	if e.SubCode != "" {
		out.Code += ":" + e.SubCode
	}
	out.Kind = kindOf(e)
	if out.Kind == channel.Throttled {
		out.RetryAfter = ban(e)
	}
	return out
}

func kindOf(e *apiError) channel.Kind {
	code, sub := e.Code.String(), e.SubCode
	switch {
	case code == "7" || code == "8" || strings.Contains(sub, "ISP_FLOW_CONTROL_LIMIT") ||
		code == "4" || code == "5" || code == "6": // 4/5/6: user, session, partner call limits
		return channel.Throttled
	case code == "26" || code == "27":
		return channel.Unauthorized
	case code == "25":
		return channel.Rejected
	case strings.HasSuffix(sub, "-not-exist") || strings.HasSuffix(sub, "-not-found"): // verify: sub_codes seen for unknown trades/items
		return channel.NotFound
	case strings.HasPrefix(sub, "isv."):
		return channel.Rejected
	case code == "15" || code == "10" || strings.HasPrefix(sub, "isp."):
		return channel.Unavailable
	}
	return channel.Rejected
}

func message(e *apiError) string {
	switch {
	case e.SubMsg == "":
		return e.Msg
	case e.Msg == "":
		return e.SubMsg
	}
	return e.Msg + ": " + e.SubMsg
}

// ban is how long TOP asked the caller to wait; 0 when it did not say.
func ban(e *apiError) time.Duration {
	for _, s := range []string{e.SubMsg, e.Msg} {
		if m := banFor.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			return time.Duration(n) * time.Second
		}
	}
	return 0
}

// scrub removes credentials a platform message might echo.
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}

// unwrap returns the body of a method's success envelope,
// {"<method without taobao., dots as _>_response": {...}}.
func unwrap(method string, body []byte) (json.RawMessage, error) {
	key := responseKey(method)
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, &channel.Error{Kind: channel.Unavailable, Platform: platform, Message: "the answer is not JSON", Err: err}
	}
	inner, ok := env[key]
	if !ok || bytes.Equal(bytes.TrimSpace(inner), []byte("null")) {
		return nil, &channel.Error{Kind: channel.Rejected, Platform: platform, Message: fmt.Sprintf("the answer has no %s", key)}
	}
	return inner, nil
}

// responseKey names a method's success envelope:
// taobao.trade.fullinfo.get → trade_fullinfo_get_response.
func responseKey(method string) string {
	return strings.ReplaceAll(strings.TrimPrefix(method, "taobao."), ".", "_") + "_response"
}

// malformed is a success answer fnshub cannot read: a field of the wrong
// type, money that is not a decimal. Asking again will not change it.
func malformed(what string, err error) *channel.Error {
	return &channel.Error{Kind: channel.Rejected, Platform: platform, Message: "cannot read " + what, Err: err}
}
