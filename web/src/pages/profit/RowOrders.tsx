// The orders behind a profit row (its links.profit_orders), each with its
// share of the row's figures and opening its profit; the orders page shows
// every order of the row's shop and days.
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useGet } from '../../api/hooks';
import type { Page } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { consoleLink, splitLink, type ProfitOrder, type ProfitRow } from './profit';

/** RowOrders lists the first orders behind a row, newest first, each opening its profit. */
export default function RowOrders({ row, onOrder }: { row: ProfitRow; onOrder: (id: number) => void }) {
  const { t, i18n } = useTranslation('profit');
  const link = splitLink(row.links.profit_orders ?? '');
  const orders = useGet<Page<ProfitOrder>>(link.path, { ...link.query, limit: 20 });
  const money = (v: string, o: ProfitOrder) => formatMoney(v, o.currency, i18n.language);
  return (
    <div data-testid="profit-orders">
      <Table<ProfitOrder>
        size="small"
        rowKey={(o) => `${o.order_id}-${o.currency}`}
        pagination={false}
        loading={orders.loading}
        dataSource={orders.data?.items ?? []}
        onRow={(o) => ({ onClick: () => onOrder(o.order_id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('order.no'), dataIndex: 'external_id', render: (v: string, o) => <a>{v || `#${o.order_id}`}</a> },
          { title: t('group.shop'), dataIndex: 'shop' },
          { title: t('col.revenue'), key: 'revenue', align: 'right', render: (_: unknown, o) => money(o.revenue, o) },
          { title: t('col.net'), key: 'net', align: 'right', render: (_: unknown, o) => money(o.net_margin, o) },
          {
            title: t('col.estimateActual'),
            key: 'settled',
            render: (_: unknown, o) => (o.actual_lines > 0 ? <Tag color="green">{t('col.actual')}</Tag> : <Tag>{t('col.estimate')}</Tag>),
          },
        ]}
      />
      <Link to={consoleLink(row.links.orders)}>{t('order.all')}</Link>
    </div>
  );
}
