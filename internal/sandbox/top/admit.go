package top

import (
	"net/url"
	"time"

	"github.com/fnshub/fnshub/internal/channel/taobao"
)

// skew is how far a request's timestamp may be from the gateway's clock.
const skew = 10 * time.Minute

// admit checks the public params in the order TOP documents its codes and
// returns the method called.
func (g *Gateway) admit(form url.Values) (string, error) {
	method := form.Get("method")
	switch {
	case method == "":
		return "", &apiError{Code: 21, Msg: "Missing Method"}
	case form.Get("app_key") == "":
		return "", &apiError{Code: 28, Msg: "Missing App Key"}
	case form.Get("app_key") != g.opt.AppKey:
		return "", &apiError{Code: 29, Msg: "Invalid App Key"}
	case form.Get("timestamp") == "":
		return "", &apiError{Code: 30, Msg: "Missing Timestamp"}
	case !g.fresh(form.Get("timestamp")):
		return "", &apiError{Code: 31, Msg: "Invalid Timestamp", SubMsg: "the timestamp must be within 10 minutes of the gateway's time (GMT+8)"}
	case form.Get("v") != "2.0":
		return "", &apiError{Code: 33, Msg: "Invalid Version"}
	case form.Get("format") != "json":
		return "", &apiError{Code: 23, Msg: "Invalid Format", SubMsg: "this gateway answers format=json only"}
	case form.Get("sign") == "":
		return "", &apiError{Code: 24, Msg: "Missing Signature"}
	case !taobao.Verify(g.opt.AppSecret, form):
		return "", &apiError{Code: 25, Msg: "Invalid signature"}
	case form.Get("session") == "":
		return "", &apiError{Code: 26, Msg: "Missing Session"}
	case form.Get("session") != g.opt.Session:
		return "", &apiError{Code: 27, Msg: "Invalid Session"}
	}
	return method, nil
}

func (g *Gateway) fresh(ts string) bool {
	t, err := taobao.ParseTime(ts)
	if err != nil {
		return false
	}
	d := g.opt.Now().Sub(t)
	return d <= skew && d >= -skew
}
