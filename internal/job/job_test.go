package job_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/job"
)

type greet struct {
	Name string `json:"name"`
}

func (greet) Kind() string { return "test.greet" }

func TestRegister_DecodesArgsAndRefusesWhatDoesNot(t *testing.T) {
	w := job.NewWorkers()
	var got string
	job.Register(w, func(ctx context.Context, j job.Job, a greet) error { got = a.Name; return nil })
	h := w.Handlers()["test.greet"]
	if h == nil {
		t.Fatal("handler not registered under its kind")
	}
	if err := h(context.Background(), job.Job{ID: 1, Kind: "test.greet", Args: json.RawMessage(`{"name":"Li"}`)}); err != nil || got != "Li" {
		t.Fatalf("got %q, %v", got, err)
	}
	err := h(context.Background(), job.Job{ID: 2, Kind: "test.greet", Args: json.RawMessage(`{"name":3}`)})
	if err == nil || !strings.Contains(err.Error(), "job 2 (test.greet): decode args") {
		t.Fatalf("undecodable args: %v", err)
	}
}

func TestWorkers_AKindRegisteredTwicePanics(t *testing.T) {
	w := job.NewWorkers()
	job.Register(w, func(context.Context, job.Job, greet) error { return nil })
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `"test.greet" registered twice`) {
			t.Fatalf("recovered %v", r)
		}
	}()
	job.Register(w, func(context.Context, job.Job, greet) error { return nil })
}

func TestState_Valid(t *testing.T) {
	for _, s := range job.States() {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	if job.State("done").Valid() {
		t.Error("done is valid")
	}
}
