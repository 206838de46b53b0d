// 店铺: the shops with their health, connecting a new one (its credentials
// are write-only: sent, sealed, never shown again), setting a credential,
// "sync now", the dead letters with retry; and the legal entities with the
// shops that sell for each.
import { useState } from 'react';
import { App, Button, Card, Space, Table, Tabs, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, download } from '../../api/client';
import type { Entity, Items, Shop, ShopHealth, ShopSync } from '../../api/hub';
import { allows } from '../../auth/roles';
import { useSession } from '../../auth/session';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import ConnectShop from './ConnectShop';
import EntitiesTab from './EntitiesTab';
import SecretForm from './SecretForm';
import ShopDetail from './ShopDetail';
import { entityKeepers, jobDesk, shopKeepers, statusColor } from './shared';

/** kb shows a byte count while a download runs. */
const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

export default function ShopsPage() {
  const { t, i18n } = useTranslation('shops');
  const { message } = App.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'shops';
  const keeper = allows(shopKeepers, user?.role);
  const [connecting, setConnecting] = useState(false);
  const [secretFor, setSecretFor] = useState<Shop | null>(null);
  const [syncing, setSyncing] = useState('');
  const [exporting, setExporting] = useState<{ shop: string; got: number } | null>(null);
  const detail = params.get('shop');

  const shops = useLoad(() => api.get<Items<Shop>>('/api/v1/shops').then((r) => r.items), []);
  const entities = useLoad(() => api.get<Items<Entity>>('/api/v1/entities').then((r) => r.items), []);
  const health = useLoad(async () => {
    const list = shops.data ?? [];
    const out: Record<string, ShopHealth | undefined> = {};
    // A server that follows no connectors answers 503: the column says "—".
    await Promise.all(list.map(async (s) => (out[s.id] = await api.get<ShopHealth>(`/api/v1/shops/${encodeURIComponent(s.id)}/health`, undefined, true).catch(() => undefined))));
    return out;
  }, [shops.data]);

  const sync = async (s: Shop) => {
    setSyncing(s.id);
    try {
      const r = await api.post<ShopSync>(`/api/v1/shops/${encodeURIComponent(s.id)}/sync`, undefined, { quiet: true });
      message.success(r.already_queued ? t('sync.already', { job: r.job }) : t('sync.queued', { job: r.job }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSyncing('');
    }
  };
  // The sheet to ship by hand while a platform is down: fetched with the
  // session cookie, so a refusal shows the server's message, not a saved error page.
  const exportPending = async (s: Shop) => {
    setExporting({ shop: s.id, got: 0 });
    try {
      const name = await download(`/api/v1/shops/${encodeURIComponent(s.id)}/pending-orders.xlsx`, (got) => setExporting({ shop: s.id, got }));
      message.success(t('export.done', { name }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setExporting(null);
    }
  };
  const open = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set('shop', id);
    else p.delete('shop');
    setParams(p, { replace: true });
  };

  return (
    <Card title={t('title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'shops' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'shops',
            label: t('tab.shops'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space>
                  {keeper && (
                    <Button type="primary" onClick={() => setConnecting(true)} data-testid="shop-connect">
                      {t('connect.action')}
                    </Button>
                  )}
                  <Button onClick={() => (shops.reload(), health.reload())}>{t('common:refresh')}</Button>
                </Space>
                <Table<Shop>
                  size="small"
                  rowKey="id"
                  loading={shops.loading}
                  dataSource={shops.data ?? []}
                  data-testid="shop-list"
                  pagination={false}
                  columns={[
                    { title: t('col.id'), dataIndex: 'id', render: (id: string) => <a onClick={() => open(id)}>{id}</a> },
                    { title: t('col.name'), dataIndex: 'name' },
                    { title: t('col.channel'), dataIndex: 'channel', render: (c: string) => t(`channel.${c}`, { defaultValue: c }) },
                    { title: t('col.entity'), dataIndex: 'entity' },
                    { title: t('col.currency'), dataIndex: 'currency' },
                    {
                      title: t('col.health'),
                      key: 'health',
                      render: (_: unknown, s) => {
                        if (!s.active) return <Tag>{t('inactive')}</Tag>;
                        const h = health.data?.[s.id];
                        if (!h) return '—';
                        return (
                          <Tooltip title={h.reasons.map((r) => r.message).join('; ') || t('health.noReasons')}>
                            <Tag color={statusColor[h.status]} data-testid={`health-${s.id}`}>
                              {t(`health.${h.status}`)}
                            </Tag>
                          </Tooltip>
                        );
                      },
                    },
                    { title: t('col.lastPull'), key: 'pull', render: (_: unknown, s) => formatTime(health.data?.[s.id]?.pull.last_success_at, i18n.language) },
                    {
                      title: t('col.deadLetters'),
                      key: 'dead',
                      align: 'right',
                      render: (_: unknown, s) => {
                        const n = health.data?.[s.id]?.jobs.dead_letters;
                        return n ? <a onClick={() => open(s.id)}>{n}</a> : (n ?? '—');
                      },
                    },
                    {
                      title: t('common:actions'),
                      key: 'actions',
                      render: (_: unknown, s) => (
                        <Space size="small">
                          <Button size="small" onClick={() => open(s.id)}>
                            {t('detail.action')}
                          </Button>
                          <Tooltip title={exporting?.shop === s.id && exporting.got ? t('export.progress', { got: kb(exporting.got) }) : undefined} open={exporting?.shop === s.id && exporting.got > 0 ? true : undefined}>
                            <Button size="small" loading={exporting?.shop === s.id} disabled={!!exporting && exporting.shop !== s.id} onClick={() => void exportPending(s)} data-testid={`export-pending-${s.id}`}>
                              {t('export.action')}
                            </Button>
                          </Tooltip>
                          {keeper && (
                            <>
                              <Tooltip title={health.data?.[s.id]?.pull.pulls === false ? t('sync.notPulled') : undefined}>
                                <Button
                                  size="small"
                                  loading={syncing === s.id}
                                  disabled={!s.active || health.data?.[s.id]?.pull.pulls === false}
                                  onClick={() => sync(s)}
                                  data-testid={`sync-${s.id}`}
                                >
                                  {t('sync.action')}
                                </Button>
                              </Tooltip>
                              <Button size="small" onClick={() => setSecretFor(s)}>
                                {t('secret.action')}
                              </Button>
                            </>
                          )}
                        </Space>
                      ),
                    },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'entities',
            label: t('tab.entities'),
            children: <EntitiesTab entities={entities} shops={shops.data ?? []} canEdit={allows(entityKeepers, user?.role)} />,
          },
        ]}
      />
      <ConnectShop open={connecting} entities={entities.data ?? []} onClose={() => setConnecting(false)} onDone={shops.reload} />
      <SecretForm shop={secretFor} onClose={() => setSecretFor(null)} onDone={shops.reload} />
      <ShopDetail
        shop={shops.data?.find((s) => s.id === detail) ?? null}
        health={detail ? health.data?.[detail] : undefined}
        canRetry={allows(jobDesk, user?.role)}
        onClose={() => open(null)}
        onChanged={health.reload}
      />
    </Card>
  );
}
