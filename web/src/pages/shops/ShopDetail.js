import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// A shop's health in full and its dead letters (discarded jobs naming the
// shop), each of which the job desk can retry.
import { App, Button, Descriptions, Drawer, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import { deadLettersOf, lastError } from './deadLetters';
import { statusColor } from './shared';
/** Dead letters read to find a shop's: the newest 5 pages of discarded jobs. */
async function discarded() {
    const all = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
        const page = await api.get('/api/v1/jobs', { state: 'discarded', limit: 200, cursor }, true);
        all.push(...page.items);
        cursor = page.next_cursor;
        if (!cursor)
            break;
    }
    return all;
}
export default function ShopDetail(p) {
    const { t, i18n } = useTranslation('shops');
    const { message } = App.useApp();
    const s = p.shop;
    const dead = useLoad(() => (s && p.canRetry ? discarded().then((j) => deadLettersOf(j, s.id)) : Promise.resolve([])), [s?.id, p.canRetry]);
    const h = p.health;
    const time = (v) => formatTime(v, i18n.language);
    const retry = async (j) => {
        try {
            await api.post(`/api/v1/jobs/${j.id}/retry`, undefined, { quiet: true });
            message.success(t('dead.retried', { id: j.id }));
            dead.reload();
            p.onChanged();
        }
        catch (e) {
            message.error(e instanceof Error ? e.message : String(e));
        }
    };
    return (_jsx(Drawer, { open: s !== null, onClose: p.onClose, width: 760, title: s ? `${s.name} (${s.id})` : '', destroyOnHidden: true, children: s && (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, size: "large", children: [h ? (_jsxs(Descriptions, { size: "small", bordered: true, column: 2, "data-testid": "shop-health", children: [_jsxs(Descriptions.Item, { label: t('col.health'), span: 2, children: [_jsx(Tag, { color: statusColor[h.status], children: t(`health.${h.status}`) }), " ", h.reasons.map((r) => r.message).join('; ')] }), _jsx(Descriptions.Item, { label: t('health.platform'), children: h.platform }), _jsx(Descriptions.Item, { label: t('health.checked'), children: time(h.checked_at) }), _jsx(Descriptions.Item, { label: t('health.lastPull'), children: h.pull.pulls ? time(h.pull.last_success_at) : t('health.noPull') }), _jsx(Descriptions.Item, { label: t('health.lag'), children: h.pull.lag_seconds != null ? t('health.seconds', { n: Math.round(h.pull.lag_seconds) }) : '—' }), h.pull.last_error && (_jsx(Descriptions.Item, { label: t('health.lastError'), span: 2, children: _jsx(Typography.Text, { type: "danger", children: h.pull.last_error }) })), _jsx(Descriptions.Item, { label: t('health.hooks'), children: t('health.hooksValue', { received: h.webhooks.received_last_hour, pending: h.webhooks.pending, refused: h.webhooks.refused_last_hour }) }), _jsx(Descriptions.Item, { label: t('health.push'), children: t('health.pushValue', { pushes: h.stock_push.pushes, failures: h.stock_push.failures, pending: h.stock_push.pending }) }), _jsx(Descriptions.Item, { label: t('health.retrying'), children: h.jobs.retrying }), _jsx(Descriptions.Item, { label: t('col.deadLetters'), children: h.jobs.dead_letters })] })) : (_jsx(Empty, { description: t('health.unavailable') })), _jsxs(Descriptions, { size: "small", column: 2, title: t('detail.setup'), children: [_jsx(Descriptions.Item, { label: t('col.entity'), children: s.entity }), _jsx(Descriptions.Item, { label: t('col.currency'), children: s.currency }), _jsx(Descriptions.Item, { label: t('col.timezone'), children: s.timezone }), _jsx(Descriptions.Item, { label: t('form.secrets'), children: s.secrets.length ? s.secrets.map((x) => _jsx(Tag, { children: x.name }, x.name)) : t('detail.noSecrets') })] }), p.canRetry && (_jsxs("div", { children: [_jsx(Typography.Title, { level: 5, children: t('dead.title') }), _jsx(Table, { size: "small", rowKey: "id", loading: dead.loading, dataSource: dead.data ?? [], "data-testid": "dead-letters", locale: { emptyText: t('dead.empty') }, pagination: { defaultPageSize: 10, hideOnSinglePage: true }, columns: [
                                { title: 'ID', dataIndex: 'id', width: 70 },
                                { title: t('dead.kind'), dataIndex: 'kind' },
                                { title: t('dead.attempts'), key: 'att', render: (_, j) => `${j.attempt}/${j.max_attempts}` },
                                { title: t('dead.error'), key: 'err', render: (_, j) => _jsx(Typography.Text, { type: "danger", children: lastError(j) }) },
                                { title: t('dead.at'), dataIndex: 'finalized_at', render: time },
                                {
                                    title: t('common:actions'),
                                    key: 'retry',
                                    render: (_, j) => (_jsx(Button, { size: "small", onClick: () => retry(j), children: t('dead.retry') })),
                                },
                            ] })] }))] })) }));
}
