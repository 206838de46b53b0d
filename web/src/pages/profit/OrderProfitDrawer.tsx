// One order's profit: its lines with the estimate at sale beside what the
// settlements took, their total, the payouts behind the actuals and the
// ledger entries posted for it, each opening in the entry drawer.
import { Descriptions, Drawer, Empty, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useGet } from '../../api/hooks';
import { formatMoney, formatRate } from '../../lib/money';
import { useEntryParam } from '../finance/entryParam';
import { entryIdOf } from '../finance/journal';
import { estimateActual, type ProfitRow } from './profit';

type Line = ProfitRow & { line: number; sku: string; quantity: number };

interface OrderProfit {
  order: number;
  shop: string;
  channel: string;
  campaign: string;
  total: ProfitRow;
  lines: Line[];
  actuals: { payout: string; line: number; commission: string; fees: string; adjust: string }[];
  entries: string[];
}

export default function OrderProfitDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('profit');
  const [, setEntry] = useEntryParam();
  const got = useGet<OrderProfit>(id === null ? null : `/api/v1/profit/orders/${id}`);
  const p = got.data;
  const m = (a: string | null | undefined, cur: string) => formatMoney(a, cur, i18n.language);
  const cur = p?.total.currency ?? '';
  return (
    <Drawer open={id !== null} onClose={onClose} width={1000} title={t('order.title', { id: id ?? '' })} destroyOnHidden>
      {got.error ? <Empty description={String((got.error as Error).message)} /> : null}
      {p && (
        <div data-testid="order-profit">
          <Descriptions size="small" column={4}>
            <Descriptions.Item label={t('group.shop')}>{p.shop}</Descriptions.Item>
            <Descriptions.Item label={t('group.channel')}>{p.channel}</Descriptions.Item>
            <Descriptions.Item label={t('group.campaign')}>{p.campaign || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.net')}>
              <b>{m(p.total.net_margin, cur)}</b> ({formatRate(p.total.margin_rate)})
            </Descriptions.Item>
          </Descriptions>
          <Table<Line>
            size="small"
            rowKey="line"
            pagination={false}
            dataSource={p.lines}
            data-testid="order-profit-lines"
            columns={[
              { title: t('order.line'), dataIndex: 'line' },
              { title: t('group.sku'), dataIndex: 'sku' },
              { title: t('order.quantity'), dataIndex: 'quantity', align: 'right' },
              { title: t('col.revenue'), key: 'rev', align: 'right', render: (_: unknown, l) => m(l.revenue, cur) },
              { title: t('col.cogs'), key: 'cogs', align: 'right', render: (_: unknown, l) => m(l.cogs, cur) },
              { title: t('col.estimate'), key: 'est', align: 'right', render: (_: unknown, l) => m(estimateActual(l).estimate, cur) },
              {
                title: t('col.actual'),
                key: 'act',
                align: 'right',
                render: (_: unknown, l) => {
                  const ea = estimateActual(l);
                  return ea.actual === null ? <Typography.Text type="secondary">{t('notSettled')}</Typography.Text> : m(ea.actual, cur);
                },
              },
              { title: t('col.shipping'), key: 'ship', align: 'right', render: (_: unknown, l) => m(l.shipping, cur) },
              { title: t('col.net'), key: 'net', align: 'right', render: (_: unknown, l) => m(l.net_margin, cur) },
            ]}
          />
          <Typography.Title level={5}>{t('order.entries')}</Typography.Title>
          <Space wrap data-testid="order-profit-entries">
            {p.entries.length === 0 && <Typography.Text type="secondary">{t('order.noEntries')}</Typography.Text>}
            {p.entries.map((e) => {
              const eid = entryIdOf(e);
              return eid === null ? (
                <Typography.Text key={e} code>
                  {e}
                </Typography.Text>
              ) : (
                <Typography.Link key={e} onClick={() => setEntry(eid)} data-testid="order-profit-entry">
                  #{eid}
                </Typography.Link>
              );
            })}
          </Space>
          {p.actuals.length > 0 && (
            <>
              <Typography.Title level={5}>{t('order.payouts')}</Typography.Title>
              <Space wrap>
                {p.actuals.map((a) => {
                  const pid = a.payout.split('/').pop();
                  return (
                    <Link key={a.payout + a.line} to={`/finance/settlements?payout=${pid}`}>
                      {t('order.payout', { id: pid, line: a.line })}
                    </Link>
                  );
                })}
              </Space>
            </>
          )}
          <div style={{ marginTop: 12 }}>
            <Link to={`/orders?order=${p.order}`}>{t('order.open')}</Link>
          </div>
        </div>
      )}
    </Drawer>
  );
}
