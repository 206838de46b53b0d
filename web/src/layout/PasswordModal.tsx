import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { ApiError } from '../api/client';

interface Fields {
  current: string;
  next: string;
  confirm: string;
}

/** PasswordModal changes the signed-in user's password (POST /api/v1/session/password). */
export default function PasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { changePassword } = useSession();
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (f: Fields) => {
    setBusy(true);
    setError('');
    try {
      await changePassword(f.current, f.next);
      form.resetFields();
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('password.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<Fields> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="current" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="next" label={t('password.next')} rules={[{ required: true, min: 12, message: t('password.rule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['next']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Alert type="info" showIcon message={t('password.note')} />
      </Form>
    </Modal>
  );
}
