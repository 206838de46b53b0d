import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { Order } from '../../api/types';
import { correctReceiver, type Receiver } from './fixes';

interface Props {
  order: Order;
  onClose: () => void;
  onCorrected: () => Promise<void>;
}

interface Fields {
  name: string;
  phone: string;
  province: string;
  city?: string;
  district?: string;
  detail: string;
}

/** AddressModal corrects who an address_invalid order ships to (PUT /api/v1/orders/{id}/receiver, ADR 41). */
export default function AddressModal({ order, onClose, onCorrected }: Props) {
  const { t } = useTranslation('exceptions');
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const c = order.contact ?? {};

  const submit = async (f: Fields) => {
    setBusy(true);
    setError('');
    const r: Receiver = {
      name: f.name,
      phone: f.phone,
      address: { province: f.province, city: f.city || undefined, district: f.district || undefined, detail: f.detail },
    };
    try {
      await correctReceiver(order.id, r);
      await onCorrected();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const req = (msg: string) => [{ required: true, whitespace: true, message: msg }];
  return (
    <Modal open title={t('address.title')} onCancel={onClose} onOk={() => form.submit()} okText={t('address.ok')} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<Fields>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ name: c.name, phone: c.phone, province: c.province, city: c.city, district: c.district, detail: c.detail }}
      >
        <Form.Item name="name" label={t('address.name')} rules={[...req(t('address.required')), { max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('address.phone')} rules={[...req(t('address.required')), { max: 32 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="province" label={t('address.province')} rules={[...req(t('address.required')), { max: 32 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="city" label={t('address.city')} rules={[{ max: 32 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="district" label={t('address.district')} rules={[{ max: 32 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="detail" label={t('address.detail')} rules={[...req(t('address.required')), { max: 256 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
