// A profit row's first orders (its links.orders), each opening its
// profit; the orders page shows them all.
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useGet } from '../../api/hooks';
import type { Order, Page } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { consoleLink, splitLink, type ProfitRow } from './profit';

/** RowOrders lists the first orders behind a row (its links.orders), each opening its profit; the orders page shows them all (of every channel). */
export default function RowOrders({ row, onOrder }: { row: ProfitRow; onOrder: (id: number) => void }) {
  const { t, i18n } = useTranslation('profit');
  const link = splitLink(row.links.orders);
  // links.orders names no channel (the orders API filters by shop, not
  // channel): a channel row keeps the orders of its channel from the page.
  const orders = useGet<Page<Order>>(link.path, { ...link.query, limit: row.channel ? 100 : 20 });
  const items = (orders.data?.items ?? []).filter((o) => !row.channel || o.channel === row.channel).slice(0, 20);
  const consolePath = consoleLink(row.links.orders);
  return (
    <div data-testid="profit-orders">
      <Table<Order>
        size="small"
        rowKey="id"
        pagination={false}
        loading={orders.loading}
        dataSource={items}
        onRow={(o) => ({ onClick: () => onOrder(o.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('order.no'), dataIndex: 'external_id', render: (v: string) => <a>{v}</a> },
          { title: t('group.shop'), dataIndex: 'shop' },
          { title: t('order.status'), dataIndex: 'status' },
          { title: t('order.total'), key: 'total', align: 'right', render: (_: unknown, o) => formatMoney(o.total.amount, o.total.currency, i18n.language) },
        ]}
      />
      <Link to={consolePath}>{t('order.all')}</Link>
    </div>
  );
}
