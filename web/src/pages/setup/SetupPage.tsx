import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { ApiError } from '../../api/client';

interface Fields {
  code: string;
  name: string;
  password: string;
  confirm: string;
}

/**
 * SetupPage creates the first admin on a hub with no users, with the
 * one-time code `fnshub serve` wrote to DATA/setup-code (ADR 38).
 */
export default function SetupPage() {
  const { t } = useTranslation('setup');
  const { setup } = useSession();
  const nav = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (f: Fields) => {
    setBusy(true);
    setError('');
    try {
      await setup(f.code.trim(), f.name.trim(), f.password);
      nav('/dashboard', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'setup_code_invalid') setError(t('codeInvalid'));
      else if (e instanceof ApiError && e.code === 'setup_done') setError(t('done'));
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={3}>{t('title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form<Fields> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="code" label={t('code')} rules={[{ required: true, message: t('codeRequired') }]}>
            <Input autoFocus autoComplete="one-time-code" />
          </Form.Item>
          <Form.Item name="name" label={t('name')} initialValue="admin" rules={[{ required: true, message: t('nameRequired') }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, min: 12, message: t('passwordRule') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('mismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
