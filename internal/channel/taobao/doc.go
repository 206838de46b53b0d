// Package taobao is the connector for Taobao and Tmall shops through the
// Taobao Open Platform (TOP) gateway, and the TOP request signer its
// simulator (internal/sandbox/top) shares (docs/adr/0030-taobao-top-connector.md).
//
// Every call is one signed form POST to the router (call). Orders are
// pulled with taobao.trades.sold.increment.get in windows of at most one
// day, paged backwards from the last page; one order is fetched with
// taobao.trade.fullinfo.get. Stock goes out with taobao.item.quantity.update
// and shipments with taobao.logistics.offline.send. TOP pushes through TMC,
// a websocket channel, not HTTP webhooks, so TOP shops are pulled.
//
// Buyer contact fields come masked, with an OAID; the connector passes them
// on as sent, and decrypts only on demand for a label (Decrypter), never
// keeping the plain text.
package taobao
