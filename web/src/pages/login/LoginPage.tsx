import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { ApiError } from '../../api/client';
import { setLanguage, type Language } from '../../i18n';

interface Fields {
  name: string;
  password: string;
}

/** LoginPage signs in with POST /api/v1/session (contracts.md §1). */
export default function LoginPage() {
  const { t, i18n } = useTranslation('login');
  const { login } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (f: Fields) => {
    setBusy(true);
    setError('');
    try {
      await login(f.name, f.password);
    } catch (e) {
      setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 24 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
          <Segmented<Language>
            size="small"
            value={i18n.language === 'en' ? 'en' : 'zh-CN'}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'EN', value: 'en' },
            ]}
            onChange={setLanguage}
          />
        </div>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<Fields> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('nameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

// describe turns the session API's refusals into the user's language; any
// other error keeps the server's own message.
function describe(e: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!(e instanceof ApiError)) return String(e);
  if (e.code === 'login_failed') return t('failed');
  if (e.code === 'login_locked') return t('locked', { seconds: e.retryAfter ?? 60 });
  return e.message;
}
