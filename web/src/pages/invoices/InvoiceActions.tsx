// Issue (the number and date the tax system gave) or reject (why) one
// requested invoice.
import { useState } from 'react';
import { Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Invoice } from '../../api/finance';
import FormModal from '../../components/FormModal';

export default function InvoiceActions({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const { t } = useTranslation('invoices');
  const [open, setOpen] = useState<'issue' | 'reject' | null>(null);
  return (
    <Space>
      <Button size="small" type="primary" onClick={() => setOpen('issue')} data-testid="invoice-issue">
        {t('issue')}
      </Button>
      <Button size="small" danger onClick={() => setOpen('reject')} data-testid="invoice-reject">
        {t('reject')}
      </Button>
      <FormModal<{ number: string; issued_on: Dayjs }>
        title={t('issueTitle', { id: invoice.id })}
        open={open === 'issue'}
        onClose={() => setOpen(null)}
        onDone={onDone}
        success={t('issued')}
        run={(v) => api.post(`/api/v1/invoices/${invoice.id}/issue`, { number: v.number, issued_on: v.issued_on.format('YYYY-MM-DD') }, { quiet: true })}
      >
        <Form.Item name="number" label={t('number')} rules={[{ required: true, pattern: /^([0-9]{8}|[0-9]{20})$/, message: t('numberRule') }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="issued_on" label={t('issuedOn')} rules={[{ required: true, message: t('issuedOnRule') }]}>
          <DatePicker />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string }>
        title={t('rejectTitle', { id: invoice.id })}
        open={open === 'reject'}
        onClose={() => setOpen(null)}
        onDone={onDone}
        success={t('rejected')}
        run={(v) => api.post(`/api/v1/invoices/${invoice.id}/reject`, v, { quiet: true })}
      >
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, message: t('reasonRule') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </FormModal>
    </Space>
  );
}
