// API tokens: a user's tokens, a new one (its secret shown once, to copy),
// revoking one for good.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Items, Token, User } from '../../api/hub';
import FormModal from '../../components/FormModal';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';

export default function TokensTab() {
  const { t, i18n } = useTranslation('settings');
  const { message } = App.useApp();
  const users = useLoad(() => api.get<Items<User>>('/api/v1/users').then((r) => r.items), []);
  const [who, setWho] = useState<string | undefined>(undefined);
  const tokens = useLoad(() => api.get<Items<Token>>('/api/v1/tokens', { user: who }).then((r) => r.items), [who]);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState('');
  const required = { required: true, message: t('form.required') };

  const revoke = async (tok: Token) => {
    try {
      await api.del(`/api/v1/tokens/${encodeURIComponent(tok.id)}`, { quiet: true });
      message.success(t('token.revoked'));
      tokens.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          allowClear
          placeholder={t('token.allUsers')}
          style={{ width: 220 }}
          value={who}
          onChange={setWho}
          options={(users.data ?? []).map((u) => ({ value: u.name, label: u.name }))}
        />
        <Button type="primary" onClick={() => setCreating(true)} data-testid="token-create">
          {t('token.create')}
        </Button>
      </Space>
      <Table<Token>
        size="small"
        rowKey="id"
        loading={tokens.loading}
        dataSource={tokens.data ?? []}
        pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
        data-testid="token-list"
        columns={[
          { title: t('token.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('token.user'), dataIndex: 'user' },
          { title: t('token.label'), dataIndex: 'label' },
          { title: t('token.created'), dataIndex: 'created_at', render: (v: string) => formatTime(v, i18n.language) },
          { title: t('token.lastUsed'), dataIndex: 'last_used_at', render: (v?: string) => formatTime(v, i18n.language) },
          { title: t('user.status'), dataIndex: 'revoked', render: (r: boolean) => (r ? <Tag color="red">{t('token.revokedTag')}</Tag> : <Tag color="green">{t('user.active')}</Tag>) },
          {
            title: t('common:actions'),
            key: 'revoke',
            render: (_: unknown, tok) =>
              !tok.revoked && (
                <Popconfirm title={t('token.confirm')} onConfirm={() => revoke(tok)} okText={t('common:confirm')} cancelText={t('common:cancel')}>
                  <Button size="small" danger>
                    {t('token.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <FormModal<{ user: string; label?: string }>
        open={creating}
        title={t('token.create')}
        onClose={() => setCreating(false)}
        onDone={(r) => {
          setSecret((r as { secret: string }).secret);
          tokens.reload();
        }}
        success={t('token.created')}
        initialValues={{ user: who }}
        run={(v) => api.post('/api/v1/tokens', { user: v.user, label: v.label || undefined }, { quiet: true })}
        testId="token-form"
      >
        <Form.Item name="user" label={t('token.user')} rules={[required]}>
          <Select options={(users.data ?? []).map((u) => ({ value: u.name, label: u.name }))} />
        </Form.Item>
        <Form.Item name="label" label={t('token.label')} rules={[{ max: 100 }]}>
          <Input placeholder={t('token.labelHint')} />
        </Form.Item>
      </FormModal>
      <Modal open={!!secret} title={t('token.secretTitle')} onOk={() => setSecret('')} onCancel={() => setSecret('')} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon message={t('token.secretOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret }} code data-testid="token-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}
