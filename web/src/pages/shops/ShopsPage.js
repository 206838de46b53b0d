import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// 店铺: the shops with their health, connecting a new one (its credentials
// are write-only: sent, sealed, never shown again), setting a credential,
// "sync now", the dead letters with retry; and the legal entities with the
// shops that sell for each.
import { useState } from 'react';
import { App, Button, Card, Space, Table, Tabs, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, download } from '../../api/client';
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
const kb = (n) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
export default function ShopsPage() {
    const { t, i18n } = useTranslation('shops');
    const { message } = App.useApp();
    const { user } = useSession();
    const [params, setParams] = useSearchParams();
    const tab = params.get('tab') ?? 'shops';
    const keeper = allows(shopKeepers, user?.role);
    const [connecting, setConnecting] = useState(false);
    const [secretFor, setSecretFor] = useState(null);
    const [syncing, setSyncing] = useState('');
    const [exporting, setExporting] = useState(null);
    const detail = params.get('shop');
    const shops = useLoad(() => api.get('/api/v1/shops').then((r) => r.items), []);
    const entities = useLoad(() => api.get('/api/v1/entities').then((r) => r.items), []);
    const health = useLoad(async () => {
        const list = shops.data ?? [];
        const out = {};
        // A server that follows no connectors answers 503: the column says "—".
        await Promise.all(list.map(async (s) => (out[s.id] = await api.get(`/api/v1/shops/${encodeURIComponent(s.id)}/health`, undefined, true).catch(() => undefined))));
        return out;
    }, [shops.data]);
    const sync = async (s) => {
        setSyncing(s.id);
        try {
            const r = await api.post(`/api/v1/shops/${encodeURIComponent(s.id)}/sync`, undefined, { quiet: true });
            message.success(r.already_queued ? t('sync.already', { job: r.job }) : t('sync.queued', { job: r.job }));
        }
        catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
        }
        finally {
            setSyncing('');
        }
    };
    // The sheet to ship by hand while a platform is down: fetched with the
    // session cookie, so a refusal shows the server's message, not a saved error page.
    const exportPending = async (s) => {
        setExporting({ shop: s.id, got: 0 });
        try {
            const name = await download(`/api/v1/shops/${encodeURIComponent(s.id)}/pending-orders.xlsx`, (got) => setExporting({ shop: s.id, got }));
            message.success(t('export.done', { name }));
        }
        catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
        }
        finally {
            setExporting(null);
        }
    };
    const open = (id) => {
        const p = new URLSearchParams(params);
        if (id)
            p.set('shop', id);
        else
            p.delete('shop');
        setParams(p, { replace: true });
    };
    return (_jsxs(Card, { title: t('title'), children: [_jsx(Tabs, { activeKey: tab, onChange: (k) => setParams(k === 'shops' ? {} : { tab: k }, { replace: true }), items: [
                    {
                        key: 'shops',
                        label: t('tab.shops'),
                        children: (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { children: [keeper && (_jsx(Button, { type: "primary", onClick: () => setConnecting(true), "data-testid": "shop-connect", children: t('connect.action') })), _jsx(Button, { onClick: () => (shops.reload(), health.reload()), children: t('common:refresh') })] }), _jsx(Table, { size: "small", rowKey: "id", loading: shops.loading, dataSource: shops.data ?? [], "data-testid": "shop-list", pagination: false, columns: [
                                        { title: t('col.id'), dataIndex: 'id', render: (id) => _jsx("a", { onClick: () => open(id), children: id }) },
                                        { title: t('col.name'), dataIndex: 'name' },
                                        { title: t('col.channel'), dataIndex: 'channel', render: (c) => t(`channel.${c}`, { defaultValue: c }) },
                                        { title: t('col.entity'), dataIndex: 'entity' },
                                        { title: t('col.currency'), dataIndex: 'currency' },
                                        {
                                            title: t('col.health'),
                                            key: 'health',
                                            render: (_, s) => {
                                                if (!s.active)
                                                    return _jsx(Tag, { children: t('inactive') });
                                                const h = health.data?.[s.id];
                                                if (!h)
                                                    return '—';
                                                return (_jsx(Tooltip, { title: h.reasons.map((r) => r.message).join('; ') || t('health.noReasons'), children: _jsx(Tag, { color: statusColor[h.status], "data-testid": `health-${s.id}`, children: t(`health.${h.status}`) }) }));
                                            },
                                        },
                                        { title: t('col.lastPull'), key: 'pull', render: (_, s) => formatTime(health.data?.[s.id]?.pull.last_success_at, i18n.language) },
                                        {
                                            title: t('col.deadLetters'),
                                            key: 'dead',
                                            align: 'right',
                                            render: (_, s) => {
                                                const n = health.data?.[s.id]?.jobs.dead_letters;
                                                return n ? _jsx("a", { onClick: () => open(s.id), children: n }) : (n ?? '—');
                                            },
                                        },
                                        {
                                            title: t('common:actions'),
                                            key: 'actions',
                                            render: (_, s) => (_jsxs(Space, { size: "small", children: [_jsx(Button, { size: "small", onClick: () => open(s.id), children: t('detail.action') }), _jsx(Tooltip, { title: exporting?.shop === s.id && exporting.got ? t('export.progress', { got: kb(exporting.got) }) : undefined, open: exporting?.shop === s.id && exporting.got > 0 ? true : undefined, children: _jsx(Button, { size: "small", loading: exporting?.shop === s.id, disabled: !!exporting && exporting.shop !== s.id, onClick: () => void exportPending(s), "data-testid": `export-pending-${s.id}`, children: t('export.action') }) }), keeper && (_jsxs(_Fragment, { children: [_jsx(Tooltip, { title: health.data?.[s.id]?.pull.pulls === false ? t('sync.notPulled') : undefined, children: _jsx(Button, { size: "small", loading: syncing === s.id, disabled: !s.active || health.data?.[s.id]?.pull.pulls === false, onClick: () => sync(s), "data-testid": `sync-${s.id}`, children: t('sync.action') }) }), _jsx(Button, { size: "small", onClick: () => setSecretFor(s), children: t('secret.action') })] }))] })),
                                        },
                                    ] })] })),
                    },
                    {
                        key: 'entities',
                        label: t('tab.entities'),
                        children: _jsx(EntitiesTab, { entities: entities, shops: shops.data ?? [], canEdit: allows(entityKeepers, user?.role) }),
                    },
                ] }), _jsx(ConnectShop, { open: connecting, entities: entities.data ?? [], onClose: () => setConnecting(false), onDone: shops.reload }), _jsx(SecretForm, { shop: secretFor, onClose: () => setSecretFor(null), onDone: shops.reload }), _jsx(ShopDetail, { shop: shops.data?.find((s) => s.id === detail) ?? null, health: detail ? health.data?.[detail] : undefined, canRetry: allows(jobDesk, user?.role), onClose: () => open(null), onChanged: health.reload })] }));
}
