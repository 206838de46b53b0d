import { useState } from 'react';
import { AutoComplete, Descriptions, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import { ApiError } from '../../api/client';
import type { Order } from '../../api/types';
import { mapListing } from './fixes';

interface Props {
  order: Order;
  onClose: () => void;
  /** onMapped runs after the listing is saved; the caller retries the hold. */
  onMapped: () => Promise<void>;
}

/** MapSkuModal maps the channel listing an sku_unmapped hold names to one of our SKUs. */
export default function MapSkuModal({ order, onClose, onMapped }: Props) {
  const { t } = useTranslation('exceptions');
  const d = order.hold?.detail ?? {};
  const skus = useGet<{ items: { code: string; name: string }[] }>('/api/v1/skus', { limit: 1000 }, true).data?.items ?? [];
  const [sku, setSku] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const line = order.lines[Number(d.line) - 1];

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await mapListing({
        channel: order.channel,
        shop: d.shop || order.shop,
        external_item_id: d.external_item_id ?? '',
        external_sku_id: d.external_sku_id || undefined,
        sku: sku.trim(),
      });
      await onMapped();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const q = sku.trim().toLowerCase();
  return (
    <Modal
      open
      title={t('map.title')}
      onCancel={onClose}
      onOk={submit}
      okText={t('map.ok')}
      okButtonProps={{ disabled: !sku.trim(), loading: busy }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('map.sku')} validateStatus={error ? 'error' : undefined} help={error || undefined}>
          <AutoComplete
            value={sku}
            onChange={setSku}
            placeholder={t('map.skuHint')}
            data-testid="map-sku"
            options={skus
              .filter((s) => !q || s.code.toLowerCase().includes(q) || s.name.toLowerCase().includes(q))
              .slice(0, 50)
              .map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }))}
          />
        </Form.Item>
      </Form>
      <Descriptions size="small" column={1} bordered style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('map.shop')}>{d.shop || order.shop}</Descriptions.Item>
        <Descriptions.Item label={t('map.item')}>{d.external_item_id}</Descriptions.Item>
        <Descriptions.Item label={t('map.skuId')}>{d.external_sku_id || '—'}</Descriptions.Item>
        {line?.title && <Descriptions.Item label={t('map.title2')}>{line.title}</Descriptions.Item>}
      </Descriptions>
    </Modal>
  );
}
