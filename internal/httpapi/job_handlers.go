package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job"
)

// jobJSON is a job as the API lists it.
type jobJSON struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	State       job.State       `json:"state"`
	Queue       string          `json:"queue"`
	Attempt     int             `json:"attempt"`
	MaxAttempts int             `json:"max_attempts"`
	Args        json.RawMessage `json:"args"`
	Errors      []jobErrorJSON  `json:"errors"`
	CreatedAt   time.Time       `json:"created_at"`
	ScheduledAt time.Time       `json:"scheduled_at"`
	AttemptedAt *time.Time      `json:"attempted_at,omitempty"`
	FinalizedAt *time.Time      `json:"finalized_at,omitempty"`
}

type jobErrorJSON struct {
	Attempt int       `json:"attempt"`
	At      time.Time `json:"at"`
	Error   string    `json:"error"`
}

func (s *Server) jobOut(in job.Info) jobJSON {
	out := jobJSON{ID: in.ID, Kind: in.Kind, State: in.State, Queue: in.Queue, Attempt: in.Attempt,
		MaxAttempts: in.MaxAttempts, Args: in.Args, Errors: []jobErrorJSON{},
		CreatedAt: s.local(in.CreatedAt), ScheduledAt: s.local(in.ScheduledAt),
		AttemptedAt: s.localPtr(in.AttemptedAt), FinalizedAt: s.localPtr(in.FinalizedAt)}
	for _, e := range in.Errors {
		out.Errors = append(out.Errors, jobErrorJSON{Attempt: e.Attempt, At: s.local(e.At), Error: e.Error})
	}
	return out
}

func (s *Server) localPtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	l := s.local(t)
	return &l
}

func (s *Server) jobs() (job.Admin, error) {
	if s.Jobs == nil {
		return nil, fault.New(fault.Unavailable, "jobs_unavailable", "this server runs no job queue")
	}
	return s.Jobs, nil
}

// listJobs pages through jobs, newest first, by state and kind;
// next_cursor is empty on the last page.
func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) error {
	jobs, err := s.jobs()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	limit, err := queryInt(r, "limit", 50)
	if err != nil {
		return err
	}
	page, err := jobs.List(r.Context(), job.Filter{State: job.State(q.Get("state")), Kind: q.Get("kind"),
		Limit: int(limit), Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	items := []jobJSON{}
	for _, in := range page.Jobs {
		if s.jobInScope(r, in) {
			items = append(items, s.jobOut(in))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": page.Next})
	return nil
}

// retryJob puts a failed, discarded, cancelled or scheduled job back to
// run now; 409 says why another cannot be.
func (s *Server) retryJob(w http.ResponseWriter, r *http.Request) error {
	return s.jobAction(w, r, job.Admin.Retry, func(job.Info) string { return "retried" })
}

// cancelJob cancels a job that has not finished: result cancelled, or
// cancelling for a running one (it ends cancelled unless it completes
// first); 409 says why a finished one cannot be.
func (s *Server) cancelJob(w http.ResponseWriter, r *http.Request) error {
	return s.jobAction(w, r, job.Admin.Cancel, func(in job.Info) string {
		if in.State == job.Running {
			return "cancelling"
		}
		return "cancelled"
	})
}

// jobAction does act to the job the path names and answers what happened
// (result) with the job as it now stands.
func (s *Server) jobAction(w http.ResponseWriter, r *http.Request, act func(job.Admin, context.Context, int64) (job.Info, error),
	result func(job.Info) string) error {
	jobs, err := s.jobs()
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// The queue cannot be asked for one job's shop before acting on it,
	// so a scoped user may look at their shops' jobs but not act on any.
	if err := s.refuseScoped(r, "retrying or cancelling a job"); err != nil {
		return err
	}
	in, err := act(jobs, r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": result(in), "job": s.jobOut(in)})
	return nil
}
