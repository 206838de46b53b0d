import { useEffect, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Badge, Button, Card, Collapse, Empty, Space, Spin, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Order, Page } from '../../api/types';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { holdReasons } from '../orders/status';
import { describeHold } from '../orders/holdText';
import { approveOrder, retryAllHolds, retryOrder } from './fixes';
import MapSkuModal from './MapSkuModal';
import ReceiveModal from './ReceiveModal';
import AddressModal from './AddressModal';

const perReason = 100;

interface Group {
  reason: string;
  orders: Order[];
  more: boolean;
}

/**
 * ExceptionsPage is 异常订单: held orders grouped by hold reason, each with
 * the fix next to it. A fix does what the hold's message says and then
 * retries the hold, so a fixed order leaves the queue at once.
 */
export default function ExceptionsPage() {
  const { t } = useTranslation('exceptions');
  const [params, setParams] = useSearchParams();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [tick, setTick] = useState(0);
  const reload = () => setTick((n) => n + 1);

  useEffect(() => {
    let live = true;
    Promise.all(
      holdReasons.map(async (reason) => {
        const p = await api.get<Page<Order>>('/api/v1/orders', { hold: reason, limit: perReason });
        return { reason, orders: p.items, more: !!p.next_cursor };
      }),
    )
      .then((g) => live && setGroups(g.filter((x) => x.orders.length > 0)))
      .catch(() => live && setGroups([]));
    return () => {
      live = false;
    };
  }, [tick]);

  const open = params.get('reason');
  if (!groups) return <Spin style={{ display: 'block', margin: '10vh auto' }} />;
  return (
    <Card title={t('title')} extra={<Button onClick={reload}>{t('common:refresh')}</Button>}>
      {groups.length === 0 ? (
        <Empty description={t('empty')} data-testid="exceptions-empty" />
      ) : (
        <Collapse
          activeKey={open ? [open] : groups.map((g) => g.reason)}
          onChange={(keys) => {
            const k = Array.isArray(keys) ? keys : [keys];
            setParams(k.length === 1 ? { reason: k[0] } : {});
          }}
          items={groups.map((g) => ({
            key: g.reason,
            label: (
              <Space>
                <Typography.Text strong>{t(`orders:hold.${g.reason}`)}</Typography.Text>
                <Badge count={g.more ? `${g.orders.length}+` : g.orders.length} overflowCount={9999} />
                <Typography.Text type="secondary">{t(`fix.${g.reason}`)}</Typography.Text>
              </Space>
            ),
            extra: <RetryAll reason={g.reason} onDone={reload} />,
            children: <ReasonTable group={g} onChanged={reload} />,
          }))}
          data-testid="exceptions"
        />
      )}
    </Card>
  );
}

function RetryAll({ reason, onDone }: { reason: string; onDone: () => void }) {
  const { t } = useTranslation('exceptions');
  const { user } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  // POST /orders/holds/retry retries the holds a fix elsewhere may have
  // cleared: missing mappings and stock.
  if (!allows(can.orderDesk, user?.role) || (reason !== 'sku_unmapped' && reason !== 'insufficient_stock')) return null;
  const run = async (e: React.MouseEvent) => {
    e.stopPropagation();
    setBusy(true);
    try {
      const r = await retryAllHolds();
      message.success(t('retryAllDone', { released: r.released, held: r.still_held }));
      onDone();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" loading={busy} onClick={run}>
      {t('retryAll')}
    </Button>
  );
}

function ReasonTable({ group, onChanged }: { group: Group; onChanged: () => void }) {
  const { t, i18n } = useTranslation('exceptions');
  const { user } = useSession();
  const { message } = App.useApp();
  const [fixing, setFixing] = useState<{ order: Order; kind: 'map' | 'receive' | 'address' } | null>(null);
  const lang = i18n.language;
  const mayRetry = allows(can.orderDesk, user?.role);

  // afterFix retries the order when the role may, and says where it stands.
  const afterFix = async (o: Order) => {
    setFixing(null);
    if (!mayRetry) {
      message.info(t('fixedAskRetry'));
      onChanged();
      return;
    }
    await retry(o);
  };
  const retry = async (o: Order) => {
    try {
      const r = await retryOrder(o.id);
      if (r.hold) message.warning(t('stillHeld', { order: o.external_id, message: r.hold.message }));
      else message.success(t('released', { order: o.external_id }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
    onChanged();
  };
  const approve = async (o: Order) => {
    try {
      await approveOrder(o.id);
      message.success(t('released', { order: o.external_id }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
    onChanged();
  };

  const fixes = (o: Order): ReactNode[] => {
    const out: ReactNode[] = [];
    switch (group.reason) {
      case 'sku_unmapped':
        if (allows(can.merchandisers, user?.role))
          out.push(
            <Button key="map" type="primary" size="small" onClick={() => setFixing({ order: o, kind: 'map' })} data-testid="fix-map">
              {t('action.map')}
            </Button>,
          );
        break;
      case 'insufficient_stock':
        if (allows(can.stockKeepers, user?.role))
          out.push(
            <Button key="receive" type="primary" size="small" onClick={() => setFixing({ order: o, kind: 'receive' })}>
              {t('action.receive')}
            </Button>,
          );
        break;
      case 'address_invalid':
        if (mayRetry)
          out.push(
            <Button key="addr" type="primary" size="small" onClick={() => setFixing({ order: o, kind: 'address' })}>
              {t('action.address')}
            </Button>,
          );
        break;
      case 'manual':
        if (mayRetry)
          out.push(
            <Button key="approve" size="small" onClick={() => void approve(o)}>
              {t('action.approve')}
            </Button>,
          );
        break;
    }
    if (mayRetry)
      out.push(
        <Button key="retry" size="small" onClick={() => void retry(o)}>
          {t('action.retry')}
        </Button>,
      );
    return out;
  };

  return (
    <>
      <Table<Order>
        size="small"
        rowKey="id"
        dataSource={group.orders}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('orders:col.externalId'),
            dataIndex: 'external_id',
            width: 150,
            render: (v: string, o) => <Link to={`/orders?external_id=${encodeURIComponent(v)}&order=${o.id}`}>{v}</Link>,
          },
          { title: t('orders:col.shop'), dataIndex: 'shop', width: 120 },
          { title: t('orders:col.total'), align: 'right', width: 110, render: (_, o) => formatMoney(o.total.amount, o.total.currency, lang) },
          {
            title: t('message'),
            render: (_, o) =>
              o.hold && (
                <Tooltip title={o.hold.message}>
                  <Typography.Text type="secondary">{describeHold(o.hold, t)}</Typography.Text>
                </Tooltip>
              ),
          },
          { title: t('orders:col.createdAt'), dataIndex: 'created_at', width: 170, render: (v: string) => formatTime(v, lang) },
          { title: t('common:actions'), width: 190, render: (_, o) => <Space>{fixes(o)}</Space> },
        ]}
      />
      {fixing?.kind === 'map' && (
        <MapSkuModal order={fixing.order} onClose={() => setFixing(null)} onMapped={() => afterFix(fixing.order)} />
      )}
      {fixing?.kind === 'address' && (
        <AddressModal order={fixing.order} onClose={() => setFixing(null)} onCorrected={() => afterFix(fixing.order)} />
      )}
      {fixing?.kind === 'receive' && (
        <ReceiveModal order={fixing.order} onClose={() => setFixing(null)} onReceived={() => afterFix(fixing.order)} />
      )}
    </>
  );
}
