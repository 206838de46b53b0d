// Package channeltest is the conformance suite every connector runs against
// its simulator (Run with a Harness), and the simulated clock that lets a
// shop's client wait out bans and outages in no wall time (Clock).
//
// A platform's test provides a Harness: a shop config pointing a real
// connector, built through the registry, at the platform's simulator, and
// a way to set up and inspect the simulator's state. Run then checks what
// internal/channel's Connector promises, the same way for every platform
// (docs/adr/0028-connector-contract-and-client.md).
package channeltest
