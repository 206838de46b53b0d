// Package orderdb stores orders (order.Record and its versions, events and
// actions). Its writes run inside the caller's transaction (Bind), because
// an order is only ever written together with its stock and its books
// (internal/app).
package orderdb
