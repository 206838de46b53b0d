// Legal entities (whose books the money is in) and the shops that sell for
// each; finance adds entities.
import { useState } from 'react';
import { Button, Form, Input, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Entity, Shop } from '../../api/hub';
import FormModal from '../../components/FormModal';
import { formatTime } from '../../lib/time';

interface Loaded {
  data?: Entity[];
  loading: boolean;
  reload: () => void;
}

export default function EntitiesTab(p: { entities: Loaded; shops: Shop[]; canEdit: boolean }) {
  const { t, i18n } = useTranslation('shops');
  const [adding, setAdding] = useState(false);
  const required = { required: true, message: t('form.required') };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {p.canEdit && (
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('entity.add')}
        </Button>
      )}
      <Table<Entity>
        size="small"
        rowKey="code"
        loading={p.entities.loading}
        dataSource={p.entities.data ?? []}
        data-testid="entity-list"
        pagination={false}
        columns={[
          { title: t('entity.code'), dataIndex: 'code' },
          { title: t('col.name'), dataIndex: 'name' },
          { title: t('entity.currency'), dataIndex: 'base_currency' },
          { title: t('col.timezone'), dataIndex: 'timezone' },
          {
            title: t('entity.shops'),
            key: 'shops',
            render: (_: unknown, e) => {
              const mine = p.shops.filter((s) => s.entity === e.code);
              return mine.length ? (
                <Space size={[4, 4]} wrap>
                  {mine.map((s) => (
                    <Tag key={s.id}>{s.name}</Tag>
                  ))}
                </Space>
              ) : (
                '—'
              );
            },
          },
          { title: t('entity.created'), dataIndex: 'created_at', render: (v: string) => formatTime(v, i18n.language) },
        ]}
      />
      <FormModal<{ code: string; name: string; base_currency: string; timezone: string }>
        open={adding}
        title={t('entity.add')}
        onClose={() => setAdding(false)}
        onDone={p.entities.reload}
        success={t('entity.done')}
        initialValues={{ base_currency: 'CNY', timezone: 'Asia/Shanghai' }}
        run={(v) => api.post('/api/v1/entities', v, { quiet: true })}
      >
        <Form.Item name="code" label={t('entity.code')} rules={[required, { pattern: /^[a-z0-9][a-z0-9_-]{0,31}$/, message: t('entity.codeInvalid') }]}>
          <Input placeholder="sh-trading" />
        </Form.Item>
        <Form.Item name="name" label={t('col.name')} rules={[required, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="base_currency" label={t('entity.currency')} rules={[required, { pattern: /^[A-Z]{3}$/, message: t('form.currencyInvalid') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="timezone" label={t('col.timezone')} rules={[required]}>
          <Input />
        </Form.Item>
      </FormModal>
    </Space>
  );
}
