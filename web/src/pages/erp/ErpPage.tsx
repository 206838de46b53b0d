// ERP 导出: for one ERP and month, each voucher's push (created, already
// there, or failed with the ERP's error, and how many attempts), and a
// push of the month's vouchers (those already arrived are not sent again).
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Segmented, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useGet } from '../../api/hooks';
import { erps, useEntities, type ErpPush, type ErpPushResult } from '../../api/finance';
import EntitySelect from '../../components/EntitySelect';
import { formatTime } from '../../lib/time';

const outcomeColor: Record<string, string> = { created: 'green', exists: 'blue', failed: 'red' };

export default function ErpPage() {
  const { t, i18n } = useTranslation('erp');
  const entities = useEntities();
  const [picked, setPicked] = useState('');
  const entity = picked || entities[0]?.code || '';
  const [erp, setErp] = useState<string>(erps[0]);
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const period = month.format('YYYY-MM');
  const pushes = useGet<{ items: ErpPush[] }>(entity ? `/api/v1/erp/${erp}/pushes` : null, { period, entity });
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<ErpPushResult | null>(null);
  const push = async () => {
    setBusy(true);
    try {
      setLast(await api.post<ErpPushResult>(`/api/v1/erp/${erp}/pushes`, undefined, { query: { period, entity } }));
      pushes.reload();
    } catch {
      // the client has shown the server's message
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('title')} extra={<EntitySelect entities={entities} value={entity} onChange={setPicked} />}>
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented value={erp} onChange={(v) => (setErp(String(v)), setLast(null))} options={erps.map((e) => ({ value: e, label: t(`erp.${e}`) }))} />
        <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} />
        <Button type="primary" loading={busy} onClick={push} data-testid="erp-push">
          {t('push', { period })}
        </Button>
      </Space>
      {last && (
        <Alert
          style={{ marginBottom: 16 }}
          type={last.error || last.results.some((r) => r.outcome === 'failed') ? 'warning' : 'success'}
          showIcon
          closable
          data-testid="erp-push-result"
          message={t('pushed', { vouchers: last.vouchers, sent: last.sent, arrived: last.already_arrived })}
          description={last.error}
        />
      )}
      <Table<ErpPush>
        size="small"
        rowKey={(p) => p.voucher_id + '|' + p.attempt}
        loading={pushes.loading}
        dataSource={pushes.data?.items ?? []}
        data-testid="erp-pushes"
        columns={[
          { title: t('col.voucher'), dataIndex: 'voucher_id' },
          { title: t('col.entry'), dataIndex: 'entry_id' },
          { title: t('col.outcome'), dataIndex: 'outcome', render: (o: string) => <Tag color={outcomeColor[o]}>{t(`outcome.${o}`)}</Tag> },
          { title: t('col.ref'), dataIndex: 'erp_ref' },
          { title: t('col.attempt'), dataIndex: 'attempt', render: (n: number) => (n > 1 ? t('retried', { count: n - 1 }) : n) },
          { title: t('col.error'), dataIndex: 'error', ellipsis: true },
          { title: t('col.at'), dataIndex: 'at', render: (a: string) => formatTime(a, i18n.language) },
        ]}
      />
    </Card>
  );
}
