import { useState } from 'react';
import { Button, Form, Input, Modal, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { send } from '../../api/client';
import type { Order } from '../../api/types';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { BulkProgress, useBulk, type BulkRow } from '../../components/BulkRunner';

type Action = 'approve' | 'hold' | 'cancel' | 'ship';

interface Props {
  selected: Order[];
  onDone: () => void;
}

/** BulkActions approves, holds, cancels or ships the selected orders, one request each. */
export default function BulkActions({ selected, onDone }: Props) {
  const { t } = useTranslation('orders');
  const { user } = useSession();
  const bulk = useBulk();
  const [holdOpen, setHoldOpen] = useState(false);
  const [shipOpen, setShipOpen] = useState(false);
  const desk = allows(can.orderDesk, user?.role);
  const ships = allows(can.shippers, user?.role);

  const rows: BulkRow[] = selected.map((o) => ({ key: String(o.id), label: o.external_id }));
  const run = async (action: Action, body: (id: string) => unknown = () => undefined) => {
    await bulk.start(t(`bulk.${action}`), rows, async (row, key) => {
      const r = await send('POST', `/api/v1/orders/${row.key}/${action}`, { body: body(row.key), idempotencyKey: key, quiet: true });
      return r.replayed ? 'duplicate' : 'applied';
    });
    onDone();
  };

  const confirm = (action: Action) =>
    Modal.confirm({
      title: t(`bulk.${action}`),
      content: t('bulk.confirm', { count: selected.length }),
      onOk: () => void run(action),
    });

  const none = selected.length === 0;
  return (
    <Space wrap>
      {desk && (
        <>
          <Button disabled={none} onClick={() => confirm('approve')} data-testid="bulk-approve">
            {t('bulk.approve')}
          </Button>
          <Button disabled={none} onClick={() => setHoldOpen(true)}>
            {t('bulk.hold')}
          </Button>
          <Button danger disabled={none} onClick={() => confirm('cancel')}>
            {t('bulk.cancel')}
          </Button>
        </>
      )}
      {ships && (
        <Button disabled={none} onClick={() => setShipOpen(true)}>
          {t('bulk.ship')}
        </Button>
      )}
      <HoldModal
        open={holdOpen}
        onClose={() => setHoldOpen(false)}
        onOk={(message) => {
          setHoldOpen(false);
          void run('hold', () => ({ message }));
        }}
      />
      <ShipModal
        open={shipOpen}
        orders={selected}
        onClose={() => setShipOpen(false)}
        onOk={(carrier, tracking) => {
          setShipOpen(false);
          void run('ship', (id) => ({ carrier, tracking_no: tracking[id] }));
        }}
      />
      <BulkProgress bulk={bulk} />
    </Space>
  );
}

function HoldModal({ open, onClose, onOk }: { open: boolean; onClose: () => void; onOk: (message: string) => void }) {
  const { t } = useTranslation('orders');
  const [form] = Form.useForm<{ message: string }>();
  return (
    <Modal open={open} title={t('bulk.hold')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.message ?? '')}>
        <Form.Item name="message" label={t('bulk.holdMessage')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ShipProps {
  open: boolean;
  orders: Order[];
  onClose: () => void;
  onOk: (carrier: string, tracking: Record<string, string>) => void;
}

// ShipModal asks for one carrier and each order's own tracking number.
function ShipModal({ open, orders, onClose, onOk }: ShipProps) {
  const { t } = useTranslation('orders');
  const [form] = Form.useForm<{ carrier: string; tracking: Record<string, string> }>();
  return (
    <Modal open={open} title={t('bulk.ship')} width={640} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.carrier, v.tracking ?? {})}>
        <Form.Item name="carrier" label={t('ship.carrier')} rules={[{ required: true, message: t('ship.carrierRequired') }, { max: 64 }]}>
          <Input placeholder={t('ship.carrierHint')} />
        </Form.Item>
        <Table<Order>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={orders}
          columns={[
            { title: t('col.externalId'), dataIndex: 'external_id' },
            {
              title: t('ship.trackingNo'),
              render: (_, o) => (
                <Form.Item
                  name={['tracking', String(o.id)]}
                  style={{ margin: 0 }}
                  rules={[{ required: true, message: t('ship.trackingRequired') }, { max: 64 }]}
                >
                  <Input />
                </Form.Item>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}
