package main

// The connectors the hub speaks, each registering itself with
// internal/channel (docs/adr/0028-connector-contract-and-client.md).
import (
	_ "github.com/fnshub/fnshub/internal/channel/generic"
	_ "github.com/fnshub/fnshub/internal/channel/shopify"
	_ "github.com/fnshub/fnshub/internal/channel/taobao"
)
