import { useState } from 'react';
import { Form, InputNumber, Modal, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWarehouses } from '../../api/hooks';
import { ApiError } from '../../api/client';
import type { Order } from '../../api/types';
import { receiveStock } from './fixes';

interface Props {
  order: Order;
  onClose: () => void;
  onReceived: () => Promise<void>;
}

/** ReceiveModal books receipts of the SKUs an insufficient_stock hold lacks (its detail: SKU → units needed). */
export default function ReceiveModal({ order, onClose, onReceived }: Props) {
  const { t } = useTranslation('exceptions');
  const warehouses = useWarehouses();
  const needs = Object.entries(order.hold?.detail ?? {}).map(([sku, q]) => ({ sku, quantity: Number(q) || 1 }));
  const [warehouse, setWarehouse] = useState<string>();
  const [qty, setQty] = useState<Record<string, number>>(Object.fromEntries(needs.map((n) => [n.sku, n.quantity])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const wh = warehouse ?? warehouses[0]?.code;

  const submit = async () => {
    if (!wh) return;
    setBusy(true);
    setError('');
    try {
      for (const n of needs) await receiveStock({ sku: n.sku, warehouse: wh, quantity: qty[n.sku] ?? n.quantity });
      await onReceived();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('receive.title')} onCancel={onClose} onOk={submit} okText={t('receive.ok')} confirmLoading={busy} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('receive.warehouse')} validateStatus={error ? 'error' : undefined} help={error || undefined}>
          <Select value={wh} onChange={setWarehouse} options={warehouses.map((w) => ({ value: w.code, label: `${w.code} ${w.name}` }))} />
        </Form.Item>
      </Form>
      <Table
        size="small"
        rowKey="sku"
        pagination={false}
        dataSource={needs}
        columns={[
          { title: 'SKU', dataIndex: 'sku' },
          { title: t('receive.needed'), dataIndex: 'quantity', align: 'right' },
          {
            title: t('receive.quantity'),
            render: (_, n) => (
              <InputNumber min={1} max={1000000} precision={0} value={qty[n.sku]} onChange={(v) => setQty({ ...qty, [n.sku]: Number(v) || 1 })} />
            ),
          },
        ]}
      />
    </Modal>
  );
}
