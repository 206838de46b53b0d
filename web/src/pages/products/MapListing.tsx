// MapListing maps a platform listing to a SKU (PUT /api/v1/listings); the
// listing's fields are fixed when it comes from the unmapped queue.
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Listing, Shop } from '../../api/hub';
import FormModal from '../../components/FormModal';

export default function MapListing(p: { open: boolean; listing?: Partial<Listing>; shops: Shop[]; onClose: () => void; onDone: (l: Listing) => void }) {
  const { t } = useTranslation('products');
  const fixed = !!p.listing?.external_item_id;
  const required = { required: true, message: t('form.required') };
  return (
    <FormModal<Listing>
      open={p.open}
      title={t('map.title')}
      onClose={p.onClose}
      onDone={(l) => p.onDone(l as Listing)}
      initialValues={p.listing}
      success={t('map.done')}
      testId="map-listing"
      run={(v) => {
        const shop = p.shops.find((s) => s.id === v.shop);
        return api.put<Listing>('/api/v1/listings', { ...v, channel: shop?.channel ?? v.channel, sku: v.sku.trim() }, { quiet: true });
      }}
    >
      <Form.Item name="shop" label={t('col.shop')} rules={[required]}>
        <Select disabled={fixed} options={p.shops.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }))} />
      </Form.Item>
      <Form.Item name="channel" hidden>
        <Input />
      </Form.Item>
      <Form.Item name="external_item_id" label={t('col.itemId')} rules={[required]}>
        <Input disabled={fixed} />
      </Form.Item>
      <Form.Item name="external_sku_id" label={t('col.skuId')}>
        <Input disabled={fixed} />
      </Form.Item>
      <Form.Item name="sku" label={t('map.sku')} rules={[required]} extra={t('map.skuHelp')}>
        <Input autoFocus placeholder="TEA-250" />
      </Form.Item>
    </FormModal>
  );
}
