package main

// The connectors the hub speaks, each registering itself with
// internal/channel (docs/adr/0028-connector-contract-and-client.md), and
// the ERP pushers, each registering itself with internal/erp (ADR 0047),
// and the settlement sources, with internal/settlement/pull (ADR 0054;
// Shopify Payments' comes with the Shopify connector).
import (
	_ "github.com/fnshub/fnshub/internal/channel/generic"
	_ "github.com/fnshub/fnshub/internal/channel/shopify"
	_ "github.com/fnshub/fnshub/internal/channel/taobao"
	_ "github.com/fnshub/fnshub/internal/erp/kingdee"
	_ "github.com/fnshub/fnshub/internal/settlement/pull/alipay"    // Alipay's daily bills (ADR 0054)
	_ "github.com/fnshub/fnshub/internal/settlement/pull/amazon"    // Amazon's settlement reports (ADR 0054)
	_ "github.com/fnshub/fnshub/internal/settlement/pull/wechatpay" // WeChat Pay's daily bills (ADR 0054)
)
