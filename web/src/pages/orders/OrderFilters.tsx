import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useShops } from '../../api/hooks';
import { holdReasons, orderStatuses } from './status';

export interface Filters {
  shop?: string;
  status?: string;
  hold?: string;
  from?: string;
  to?: string;
  sku?: string;
  buyer?: string;
  external_id?: string;
}

export const filterKeys: (keyof Filters)[] = ['shop', 'status', 'hold', 'from', 'to', 'sku', 'buyer', 'external_id'];

interface FormValues extends Omit<Filters, 'from' | 'to'> {
  range?: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
}

/** OrderFilters edits the list's filters; the page keeps them in the URL. */
export default function OrderFilters({ value, onChange }: { value: Filters; onChange: (f: Filters) => void }) {
  const { t } = useTranslation('orders');
  const shops = useShops();
  const [form] = Form.useForm<FormValues>();
  const initial: FormValues = {
    ...value,
    range: value.from || value.to ? [value.from ? dayjs(value.from) : null, value.to ? dayjs(value.to) : null] : null,
  };

  const submit = (v: FormValues) => {
    const { range, ...rest } = v;
    const f: Filters = { ...rest };
    if (range?.[0]) f.from = range[0].format('YYYY-MM-DD');
    if (range?.[1]) f.to = range[1].format('YYYY-MM-DD');
    for (const k of filterKeys) if (!f[k]) delete f[k];
    onChange(f);
  };

  return (
    <Form<FormValues>
      form={form}
      layout="inline"
      initialValues={initial}
      key={JSON.stringify(value)}
      onFinish={submit}
      style={{ rowGap: 12, marginBottom: 16 }}
    >
      <Form.Item name="external_id" label={t('f.externalId')}>
        <Input allowClear placeholder={t('f.externalIdHint')} style={{ width: 180 }} data-testid="filter-external-id" />
      </Form.Item>
      <Form.Item name="shop" label={t('f.shop')}>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('f.all')}
          options={shops.map((s) => ({ value: s.id, label: s.name || s.id }))}
        />
      </Form.Item>
      <Form.Item name="status" label={t('f.status')}>
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('f.all')}
          options={orderStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
      </Form.Item>
      <Form.Item name="hold" label={t('f.hold')}>
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('f.all')}
          options={holdReasons.map((s) => ({ value: s, label: t(`hold.${s}`) }))}
        />
      </Form.Item>
      <Form.Item name="range" label={t('f.date')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item name="sku" label={t('f.sku')}>
        <Input allowClear style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="buyer" label={t('f.buyer')}>
        <Input allowClear style={{ width: 160 }} placeholder={t('f.buyerHint')} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="filter-submit">
            {t('common:search')}
          </Button>
          <Button onClick={() => onChange({})}>{t('common:reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
