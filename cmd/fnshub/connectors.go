package main

// The connectors the hub speaks, each registering itself with
// internal/channel (docs/adr/0028-connector-contract-and-client.md), and
// the ERP pushers, each registering itself with internal/erp (ADR 0047).
import (
	_ "github.com/fnshub/fnshub/internal/channel/generic"
	_ "github.com/fnshub/fnshub/internal/channel/shopify"
	_ "github.com/fnshub/fnshub/internal/channel/taobao"
	_ "github.com/fnshub/fnshub/internal/erp/kingdee"
)
