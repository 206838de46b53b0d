// Connecting a shop: who it is, which entity it sells for, its platform's
// settings and credentials. Credentials are write-only: typed into password
// fields, sent once, sealed by the hub and never shown again.
import { Button, Col, Form, Input, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Entity, Shop } from '../../api/hub';
import FormModal from '../../components/FormModal';

export const channels = ['tmall', 'taobao', 'jd', 'douyin', 'kuaishou', 'pdd', 'shopify', 'woocommerce', 'amazon', 'youzan', 'miniprogram', 'pos', 'web', 'other'];

/** The credentials and settings each platform's connector reads, offered as a start. */
const needs: Record<string, { secrets: string[]; settings: string[] }> = {
  shopify: { secrets: ['access_token', 'webhook_secret'], settings: ['shop_domain', 'api_version'] },
  tmall: { secrets: ['app_secret', 'session'], settings: ['app_key'] },
  taobao: { secrets: ['app_secret', 'session'], settings: ['app_key'] },
  web: { secrets: ['webhook_secret'], settings: [] },
};

interface Pair {
  name: string;
  value: string;
}

interface Values {
  id: string;
  channel: string;
  name: string;
  entity?: string;
  currency?: string;
  timezone?: string;
  api_base_url?: string;
  settings?: Pair[];
  secrets?: Pair[];
}

const pairName = /^[a-z][a-z0-9_]{0,63}$/;

export function toObject(pairs: Pair[] | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) if (p?.name && p.value) out[p.name] = p.value;
  return Object.keys(out).length ? out : undefined;
}

export default function ConnectShop(p: { open: boolean; entities: Entity[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('shops');
  const required = { required: true, message: t('form.required') };
  const pairs = (list: 'settings' | 'secrets', secret: boolean) => (
    <Form.List name={list}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Row key={f.key} gutter={8} align="top">
              <Col span={9}>
                <Form.Item name={[f.name, 'name']} rules={[required, { pattern: pairName, message: t('form.pairName') }]}>
                  <Input placeholder={t('form.pairKey')} />
                </Form.Item>
              </Col>
              <Col span={13}>
                <Form.Item name={[f.name, 'value']} rules={[required]}>
                  {secret ? <Input.Password autoComplete="new-password" placeholder={t('form.secretValue')} /> : <Input placeholder={t('form.settingValue')} />}
                </Form.Item>
              </Col>
              <Col span={2}>
                <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>
            {t(secret ? 'form.addSecret' : 'form.addSetting')}
          </Button>
        </>
      )}
    </Form.List>
  );
  return (
    <FormModal<Values>
      open={p.open}
      title={t('connect.title')}
      onClose={p.onClose}
      onDone={p.onDone}
      success={t('connect.done')}
      testId="connect-shop"
      initialValues={{ entity: 'default', timezone: 'Asia/Shanghai' }}
      aliases={{ base_currency: 'currency' }}
      run={(v) =>
        api.post<Shop>(
          '/api/v1/shops',
          {
            id: v.id.trim(),
            channel: v.channel,
            name: v.name.trim(),
            entity: v.entity || undefined,
            currency: v.currency || undefined,
            timezone: v.timezone || undefined,
            api_base_url: v.api_base_url || undefined,
            settings: toObject(v.settings),
            secrets: toObject(v.secrets),
          },
          { quiet: true },
        )
      }
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="id" label={t('col.id')} extra={t('form.idHelp')} rules={[required, { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, message: t('form.idInvalid') }]}>
            <Input placeholder="tmall-flagship" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="channel" label={t('col.channel')} rules={[required]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={channels.map((c) => ({ value: c, label: t(`channel.${c}`, { defaultValue: c }) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="name" label={t('col.name')} rules={[required, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="entity" label={t('col.entity')}>
            <Select options={p.entities.map((e) => ({ value: e.code, label: e.name }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="currency" label={t('col.currency')} extra={t('form.currencyHelp')} rules={[{ pattern: /^[A-Z]{3}$/, message: t('form.currencyInvalid') }]}>
            <Input placeholder="CNY" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="timezone" label={t('col.timezone')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item noStyle shouldUpdate={(a, b) => a.channel !== b.channel}>
        {({ getFieldValue, setFieldsValue, getFieldsValue }) => {
          const n = needs[getFieldValue('channel') as string];
          const cur = getFieldsValue(['settings', 'secrets']) as Values;
          return n && !(cur.secrets?.length || cur.settings?.length) ? (
            <Space style={{ marginBottom: 12 }}>
              <Button
                size="small"
                onClick={() =>
                  setFieldsValue({
                    settings: n.settings.map((name) => ({ name, value: '' })),
                    secrets: n.secrets.map((name) => ({ name, value: '' })),
                  })
                }
              >
                {t('form.suggest')}
              </Button>
            </Space>
          ) : null;
        }}
      </Form.Item>
      <Form.Item label={t('form.settings')}>{pairs('settings', false)}</Form.Item>
      <Form.Item label={t('form.secrets')} extra={t('form.secretsHelp')}>
        {pairs('secrets', true)}
      </Form.Item>
      <Form.Item name="api_base_url" label={t('form.apiBase')} extra={t('form.apiBaseHelp')}>
        <Input placeholder="https://…" />
      </Form.Item>
    </FormModal>
  );
}
