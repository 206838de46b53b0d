// A shop's health in full and its dead letters (discarded jobs naming the
// shop), each of which the job desk can retry.
import { App, Button, Descriptions, Drawer, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Job, Shop, ShopHealth } from '../../api/hub';
import type { Page } from '../../api/types';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import { deadLettersOf, lastError } from './deadLetters';
import { statusColor } from './shared';

/** Dead letters read to find a shop's: the newest 5 pages of discarded jobs. */
async function discarded(): Promise<Job[]> {
  const all: Job[] = [];
  let cursor = '';
  for (let i = 0; i < 5; i++) {
    const page = await api.get<Page<Job>>('/api/v1/jobs', { state: 'discarded', limit: 200, cursor }, true);
    all.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return all;
}

export default function ShopDetail(p: { shop: Shop | null; health?: ShopHealth; canRetry: boolean; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation('shops');
  const { message } = App.useApp();
  const s = p.shop;
  const dead = useLoad(() => (s && p.canRetry ? discarded().then((j) => deadLettersOf(j, s.id)) : Promise.resolve([])), [s?.id, p.canRetry]);
  const h = p.health;
  const time = (v?: string) => formatTime(v, i18n.language);

  const retry = async (j: Job) => {
    try {
      await api.post(`/api/v1/jobs/${j.id}/retry`, undefined, { quiet: true });
      message.success(t('dead.retried', { id: j.id }));
      dead.reload();
      p.onChanged();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Drawer open={s !== null} onClose={p.onClose} width={760} title={s ? `${s.name} (${s.id})` : ''} destroyOnHidden>
      {s && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          {h ? (
            <Descriptions size="small" bordered column={2} data-testid="shop-health">
              <Descriptions.Item label={t('col.health')} span={2}>
                <Tag color={statusColor[h.status]}>{t(`health.${h.status}`)}</Tag> {h.reasons.map((r) => r.message).join('; ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('health.platform')}>{h.platform}</Descriptions.Item>
              <Descriptions.Item label={t('health.checked')}>{time(h.checked_at)}</Descriptions.Item>
              <Descriptions.Item label={t('health.lastPull')}>{h.pull.pulls ? time(h.pull.last_success_at) : t('health.noPull')}</Descriptions.Item>
              <Descriptions.Item label={t('health.lag')}>{h.pull.lag_seconds != null ? t('health.seconds', { n: Math.round(h.pull.lag_seconds) }) : '—'}</Descriptions.Item>
              {h.pull.last_error && (
                <Descriptions.Item label={t('health.lastError')} span={2}>
                  <Typography.Text type="danger">{h.pull.last_error}</Typography.Text>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('health.hooks')}>
                {t('health.hooksValue', { received: h.webhooks.received_last_hour, pending: h.webhooks.pending, refused: h.webhooks.refused_last_hour })}
              </Descriptions.Item>
              <Descriptions.Item label={t('health.push')}>
                {t('health.pushValue', { pushes: h.stock_push.pushes, failures: h.stock_push.failures, pending: h.stock_push.pending })}
              </Descriptions.Item>
              <Descriptions.Item label={t('health.retrying')}>{h.jobs.retrying}</Descriptions.Item>
              <Descriptions.Item label={t('col.deadLetters')}>{h.jobs.dead_letters}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Empty description={t('health.unavailable')} />
          )}
          <Descriptions size="small" column={2} title={t('detail.setup')}>
            <Descriptions.Item label={t('col.entity')}>{s.entity}</Descriptions.Item>
            <Descriptions.Item label={t('col.currency')}>{s.currency}</Descriptions.Item>
            <Descriptions.Item label={t('col.timezone')}>{s.timezone}</Descriptions.Item>
            <Descriptions.Item label={t('form.secrets')}>
              {s.secrets.length ? s.secrets.map((x) => <Tag key={x.name}>{x.name}</Tag>) : t('detail.noSecrets')}
            </Descriptions.Item>
          </Descriptions>
          {p.canRetry && (
            <div>
              <Typography.Title level={5}>{t('dead.title')}</Typography.Title>
              <Table<Job>
                size="small"
                rowKey="id"
                loading={dead.loading}
                dataSource={dead.data ?? []}
                data-testid="dead-letters"
                locale={{ emptyText: t('dead.empty') }}
                pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: 'ID', dataIndex: 'id', width: 70 },
                  { title: t('dead.kind'), dataIndex: 'kind' },
                  { title: t('dead.attempts'), key: 'att', render: (_: unknown, j) => `${j.attempt}/${j.max_attempts}` },
                  { title: t('dead.error'), key: 'err', render: (_: unknown, j) => <Typography.Text type="danger">{lastError(j)}</Typography.Text> },
                  { title: t('dead.at'), dataIndex: 'finalized_at', render: time },
                  {
                    title: t('common:actions'),
                    key: 'retry',
                    render: (_: unknown, j) => (
                      <Button size="small" onClick={() => retry(j)}>
                        {t('dead.retry')}
                      </Button>
                    ),
                  },
                ]}
              />
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
