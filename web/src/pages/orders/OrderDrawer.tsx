import { Alert, Descriptions, Drawer, Empty, Space, Spin, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import type { Entry, OrderDetail, OrderLine, Reservation } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { statusColor } from './status';
import RawPayload from './RawPayload';
import { describeHold } from './holdText';

interface Props {
  id: number | null;
  onClose: () => void;
}

/** OrderDrawer shows one order: lines, reservations, shipment, journal and the event trail. */
export default function OrderDrawer({ id, onClose }: Props) {
  const { t } = useTranslation('orders');
  const { data: o, loading } = useGet<OrderDetail>(id ? `/api/v1/orders/${id}` : null);
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={960}
      title={o && o.id === id ? `${t('detail.title')} ${o.external_id}` : t('detail.title')}
      destroyOnHidden
      data-testid="order-drawer"
    >
      {loading || !o || o.id !== id ? <Spin /> : <Detail o={o} />}
    </Drawer>
  );
}

function Detail({ o }: { o: OrderDetail }) {
  const { t, i18n } = useTranslation('orders');
  const lang = i18n.language;
  const m = (a?: { amount: string; currency: string }) => formatMoney(a?.amount, a?.currency ?? o.currency, lang);
  return (
    <>
      {o.hold && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t(`hold.${o.hold.reason}`)}
          description={describeHold(o.hold, t)}
          data-testid="order-hold"
        />
      )}
      <Descriptions size="small" bordered column={3} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('col.externalId')}>{o.external_id}</Descriptions.Item>
        <Descriptions.Item label={t('col.shop')}>{o.shop}</Descriptions.Item>
        <Descriptions.Item label={t('col.channel')}>{o.channel}</Descriptions.Item>
        <Descriptions.Item label={t('col.status')}>
          <Tag color={statusColor(o.status)}>{t(`status.${o.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('col.total')}>{m(o.total)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.shippingFee')}>{m(o.shipping_fee)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.discount')}>{m(o.discount)}</Descriptions.Item>
        <Descriptions.Item label={t('col.buyer')}>{o.buyer_ref || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('col.createdAt')}>{formatTime(o.created_at, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.paidAt')}>{formatTime(o.paid_at, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.receiver')} span={2}>
          {o.contact ? (
            <span data-testid="order-contact">
              {[o.contact.name, o.contact.phone].filter(Boolean).join(' ')}{' '}
              {[o.contact.province, o.contact.city, o.contact.district, o.contact.detail].filter(Boolean).join(' ')}
            </span>
          ) : (
            o.contact_error ?? o.province ?? '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        items={[
          { key: 'lines', label: t('detail.lines'), children: <Lines o={o} /> },
          { key: 'reservations', label: t('detail.reservations'), children: <Reservations rows={o.reservations ?? []} /> },
          { key: 'shipment', label: t('detail.shipment'), children: <Shipment o={o} /> },
          { key: 'journal', label: t('detail.journal'), children: <Journal entries={o.journal ?? []} /> },
          { key: 'events', label: t('detail.events'), children: <Trail o={o} /> },
        ]}
      />
    </>
  );
}

function Lines({ o }: { o: OrderDetail }) {
  const { t, i18n } = useTranslation('orders');
  const m = (a: { amount: string; currency: string }) => formatMoney(a.amount, a.currency, i18n.language);
  return (
    <Table<OrderLine>
      size="small"
      pagination={false}
      rowKey={(_, i) => String(i)}
      dataSource={o.lines}
      columns={[
        { title: t('line.sku'), dataIndex: 'sku', render: (s: string) => s || <Tag color="red">{t('line.unmapped')}</Tag> },
        { title: t('line.title'), dataIndex: 'title' },
        { title: t('line.external'), render: (_, l) => [l.external_item_id, l.external_sku_id].filter(Boolean).join(' / ') },
        { title: t('line.quantity'), dataIndex: 'quantity', align: 'right' },
        { title: t('line.unitPrice'), render: (_, l) => m(l.unit_price), align: 'right' },
        { title: t('line.total'), render: (_, l) => m(l.total), align: 'right' },
        { title: t('line.tax'), render: (_, l) => m(l.tax), align: 'right' },
        { title: t('line.warehouse'), dataIndex: 'warehouse' },
      ]}
    />
  );
}

function Reservations({ rows }: { rows: Reservation[] }) {
  const { t, i18n } = useTranslation('orders');
  if (!rows.length) return <Empty description={t('detail.noReservations')} />;
  return (
    <Table<Reservation>
      size="small"
      pagination={false}
      rowKey="id"
      dataSource={rows}
      columns={[
        { title: t('line.sku'), dataIndex: 'sku' },
        { title: t('line.warehouse'), dataIndex: 'warehouse' },
        { title: t('line.quantity'), dataIndex: 'quantity', align: 'right' },
        { title: t('col.status'), dataIndex: 'status', render: (s: string) => t(`reservation.${s}`) },
        { title: t('col.createdAt'), dataIndex: 'created_at', render: (v: string) => formatTime(v, i18n.language) },
        { title: t('detail.resolvedAt'), dataIndex: 'resolved_at', render: (v?: string) => formatTime(v, i18n.language) },
      ]}
    />
  );
}

function Shipment({ o }: { o: OrderDetail }) {
  const { t, i18n } = useTranslation('orders');
  const shipped = (o.events ?? []).filter((e) => e.topic.includes('ship'));
  if (!o.tracking_no && !shipped.length) return <Empty description={t('detail.notShipped')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label={t('ship.carrier')}>{o.carrier || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('ship.trackingNo')}>{o.tracking_no || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('line.warehouse')}>{o.warehouse || '—'}</Descriptions.Item>
      </Descriptions>
      {shipped.map((e) => (
        <Typography.Text key={e.id} type="secondary">
          {formatTime(e.created_at, i18n.language)} {e.topic}
        </Typography.Text>
      ))}
    </Space>
  );
}

function Journal({ entries }: { entries: Entry[] }) {
  const { t, i18n } = useTranslation('orders');
  if (!entries.length) return <Empty description={t('detail.noEntries')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {entries.map((e) => (
        <div key={e.id}>
          <Typography.Text strong>
            #{e.id} {e.description}
          </Typography.Text>{' '}
          <Typography.Text type="secondary">{formatTime(e.posted_at, i18n.language)}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={e.postings}
            columns={[
              { title: t('journal.account'), dataIndex: 'account' },
              {
                title: t('journal.debit'),
                align: 'right',
                render: (_, p) => (p.side === 'debit' ? formatMoney(p.amount.amount, p.amount.currency, i18n.language) : ''),
              },
              {
                title: t('journal.credit'),
                align: 'right',
                render: (_, p) => (p.side === 'credit' ? formatMoney(p.amount.amount, p.amount.currency, i18n.language) : ''),
              },
              { title: t('line.sku'), dataIndex: 'sku' },
            ]}
          />
        </div>
      ))}
    </Space>
  );
}

function Trail({ o }: { o: OrderDetail }) {
  const { t, i18n } = useTranslation('orders');
  const { user } = useSession();
  const raw = allows(can.rawPayloads, user?.role);
  return (
    <>
      <Typography.Title level={5}>{t('detail.versions')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="version"
        dataSource={o.versions ?? []}
        columns={[
          { title: t('version.version'), dataIndex: 'version' },
          { title: t('col.status'), dataIndex: 'status', render: (s: string) => t(`status.${s}`, { defaultValue: s }) },
          { title: t('version.effect'), dataIndex: 'effect', render: (s: string) => t(`effect.${s}`, { defaultValue: s }) },
          { title: t('version.receivedAt'), dataIndex: 'received_at', render: (v: string) => formatTime(v, i18n.language) },
          {
            title: t('version.raw'),
            render: (_, v) =>
              raw ? <RawPayload id={v.raw_event_id} /> : <Typography.Text type="secondary">{t('version.rawForbidden')}</Typography.Text>,
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('detail.events')}
      </Typography.Title>
      {(o.events ?? []).length === 0 ? (
        <Empty description={t('detail.noEvents')} />
      ) : (
        <Timeline
          items={(o.events ?? []).map((e) => ({
            children: (
              <>
                <Typography.Text strong>{e.topic}</Typography.Text>{' '}
                <Typography.Text type="secondary">{formatTime(e.created_at, i18n.language)}</Typography.Text>
                <details>
                  <summary>{t('detail.payload')}</summary>
                  <pre style={{ fontSize: 12, maxHeight: 240, overflow: 'auto' }}>{JSON.stringify(e.payload, null, 2)}</pre>
                </details>
              </>
            ),
          }))}
        />
      )}
    </>
  );
}
