// The audit log viewer (contracts.md §3): who did what, when, through
// which door, newest first, by actor, action and period; the same filters
// export as CSV. Entries are hash-chained; the hash is shown, shortened.
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withQuery } from '../../api/client';
import type { AuditEntry } from '../../api/hub';
import { formatTime } from '../../lib/time';

const viaColor: Record<string, string> = { session: 'blue', token: 'purple', cli: 'default', system: 'gold' };

export default function AuditTab({ params, setParams }: { params: URLSearchParams; setParams: (p: URLSearchParams, o?: { replace: boolean }) => void }) {
  const { t, i18n } = useTranslation('settings');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const [missing, setMissing] = useState(false);
  const q = { actor: params.get('actor'), action: params.get('action'), from: params.get('from'), to: params.get('to') };
  const key = JSON.stringify(q);
  const set = (k: string, v?: string) => {
    const p = new URLSearchParams(params);
    p.set('tab', 'audit');
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };

  const load = async (before: string) => {
    setLoading(true);
    try {
      const page = await api.get<{ entries: AuditEntry[]; next: string }>('/api/v1/audit', { ...q, before, limit: 100 }, true);
      setEntries((old) => (before ? [...old, ...page.entries] : page.entries));
      setNext(page.next);
      setMissing(false);
    } catch (e) {
      // A hub without the audit log answers 404 for the route.
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else setMissing(false);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load('');
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  if (missing) return <Alert type="info" showIcon message={t('audit.missing')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search key={'a' + (q.actor ?? '')} allowClear defaultValue={q.actor ?? ''} placeholder={t('audit.actor')} style={{ width: 160 }} onSearch={(v) => set('actor', v.trim())} />
        <Input.Search key={'b' + (q.action ?? '')} allowClear defaultValue={q.action ?? ''} placeholder={t('audit.actionHint')} style={{ width: 300 }} onSearch={(v) => set('action', v.trim())} />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={[q.from ? dayjs(q.from) : null, q.to ? dayjs(q.to) : null]}
          onChange={(v) => {
            const p = new URLSearchParams(params);
            p.set('tab', 'audit');
            for (const [k, d] of [['from', v?.[0]], ['to', v?.[1]]] as const) {
              if (d) p.set(k, d.format('YYYY-MM-DD'));
              else p.delete(k);
            }
            setParams(p, { replace: true });
          }}
        />
        <Button icon={<DownloadOutlined />} href={withQuery('/api/v1/audit.csv', q)} data-testid="audit-csv">
          {t('audit.csv')}
        </Button>
      </Space>
      <Table<AuditEntry>
        size="small"
        rowKey="seq"
        loading={loading}
        dataSource={entries}
        pagination={false}
        data-testid="audit-log"
        expandable={{
          rowExpandable: (e) => !!e.detail && Object.keys(e.detail).length > 0,
          expandedRowRender: (e) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.detail, null, 2)}</pre>,
        }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => formatTime(v, i18n.language) },
          { title: t('audit.actor'), dataIndex: 'actor' },
          { title: t('user.role'), dataIndex: 'role', render: (r: string) => (r ? t(`common:role.${r}`, { defaultValue: r }) : '') },
          { title: t('audit.via'), dataIndex: 'via', render: (v: string) => <Tag color={viaColor[v]}>{t(`audit.viaKind.${v}`, { defaultValue: v })}</Tag> },
          { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
          { title: t('audit.target'), dataIndex: 'target' },
          { title: t('audit.hash'), dataIndex: 'hash', render: (h: string) => <Typography.Text type="secondary" copyable={{ text: h }}>{h.slice(0, 10)}</Typography.Text> },
        ]}
      />
      {next && (
        <Button block onClick={() => void load(next)} loading={loading}>
          {t('common:more')}
        </Button>
      )}
    </Space>
  );
}
