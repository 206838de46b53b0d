package storetest

import "github.com/fnshub/fnshub/internal/store"

// prefetch wraps fresh so that, while the caller works on one database, the
// next is already being made: a property check then waits for no migration
// but the first. On PostgreSQL a scratch schema costs some 0.2–0.7 s, most of
// it the server's commits, which overlap the check running meanwhile. Each
// check still gets a database of its own, migrated from nothing. stop drops
// a database made but never taken; call it when the checks are over.
func prefetch(fresh Fresh) (next Fresh, stop func()) {
	type made struct {
		db   *store.DB
		done func()
		err  error
	}
	ahead := make(chan made, 1)
	start := func() {
		go func() {
			db, done, err := fresh()
			ahead <- made{db, done, err}
		}()
	}
	start()
	next = func() (*store.DB, func(), error) {
		m := <-ahead
		start()
		return m.db, m.done, m.err
	}
	stop = func() {
		if m := <-ahead; m.err == nil {
			m.done()
		}
	}
	return next, stop
}
