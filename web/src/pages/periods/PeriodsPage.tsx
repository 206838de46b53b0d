// 期末结账: the entity's periods (closed, or reopened), closing a month
// (after a confirmation: postings dated in it are refused from then on),
// its close report, and reopening it (admins only, with a reason).
import { useState } from 'react';
import { App, Button, Card, DatePicker, Popconfirm, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useEntities, usePeriods, type Period } from '../../api/finance';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import EntitySelect from '../../components/EntitySelect';
import { formatTime } from '../../lib/time';
import PeriodReportModal from './PeriodReportModal';
import ReopenModal from './ReopenModal';

export default function PeriodsPage() {
  const { t, i18n } = useTranslation('periods');
  const { message } = App.useApp();
  const { user } = useSession();
  const entities = useEntities();
  const [picked, setPicked] = useState('');
  const entity = picked || entities[0]?.code || '';
  const periods = usePeriods(entity);
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [reopen, setReopen] = useState<string | null>(null);
  const close = async () => {
    if (!month) return;
    const period = month.format('YYYY-MM');
    try {
      await api.post(`/api/v1/periods/${period}/close`, undefined, { query: { entity } });
      message.success(t('closed', { period }));
      periods.reload();
    } catch {
      // the client has shown the server's message
    }
  };
  return (
    <Card title={t('title')} extra={<EntitySelect entities={entities} value={entity} onChange={setPicked} />}>
      {allows(can.bookkeepers, user?.role) && (
        <Space style={{ marginBottom: 16 }}>
          <DatePicker picker="month" value={month} onChange={setMonth} placeholder={t('pickMonth')} data-testid="period-month" />
          <Popconfirm title={t('confirmTitle', { period: month?.format('YYYY-MM') })} description={t('confirmText')} onConfirm={close} okText={t('close')}>
            <Button type="primary" danger disabled={!month} data-testid="period-close">
              {t('close')}
            </Button>
          </Popconfirm>
        </Space>
      )}
      <Table<Period>
        size="small"
        rowKey="period"
        loading={periods.loading}
        dataSource={periods.data?.periods ?? []}
        data-testid="periods"
        columns={[
          { title: t('col.period'), dataIndex: 'period' },
          { title: t('col.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'closed' ? 'blue' : 'orange'}>{t(`status.${s}`)}</Tag> },
          { title: t('col.closed'), key: 'closed', render: (_: unknown, p) => `${formatTime(p.closed_at, i18n.language)} · ${p.closed_by}` },
          {
            title: t('col.reopened'),
            key: 'reopened',
            render: (_: unknown, p) => (p.reopened_at ? `${formatTime(p.reopened_at, i18n.language)} · ${p.reopened_by ?? ''} · ${p.reopen_reason ?? ''}` : ''),
          },
          {
            title: '',
            key: 'act',
            render: (_: unknown, p) => (
              <Space>
                <Button size="small" onClick={() => setReport(p.period)} data-testid="period-report">
                  {t('report')}
                </Button>
                {p.status === 'closed' && allows(can.admins, user?.role) && (
                  <Button size="small" danger onClick={() => setReopen(p.period)} data-testid="period-reopen">
                    {t('reopen')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <PeriodReportModal entity={entity} period={report} onClose={() => setReport(null)} />
      <ReopenModal entity={entity} period={reopen} onClose={() => setReopen(null)} onDone={() => periods.reload()} />
    </Card>
  );
}
