import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Badge, Button, Card, Collapse, Empty, Space, Spin, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { holdReasons } from '../orders/status';
import { describeHold } from '../orders/holdText';
import { approveOrder, retryAllHolds, retryOrder } from './fixes';
import MapSkuModal from './MapSkuModal';
import ReceiveModal from './ReceiveModal';
import AddressModal from './AddressModal';
const perReason = 100;
/**
 * ExceptionsPage is 异常订单: held orders grouped by hold reason, each with
 * the fix next to it. A fix does what the hold's message says and then
 * retries the hold, so a fixed order leaves the queue at once.
 */
export default function ExceptionsPage() {
    const { t } = useTranslation('exceptions');
    const [params, setParams] = useSearchParams();
    const [groups, setGroups] = useState(null);
    const [tick, setTick] = useState(0);
    const reload = () => setTick((n) => n + 1);
    useEffect(() => {
        let live = true;
        Promise.all(holdReasons.map(async (reason) => {
            const p = await api.get('/api/v1/orders', { hold: reason, limit: perReason });
            return { reason, orders: p.items, more: !!p.next_cursor };
        }))
            .then((g) => live && setGroups(g.filter((x) => x.orders.length > 0)))
            .catch(() => live && setGroups([]));
        return () => {
            live = false;
        };
    }, [tick]);
    const open = params.get('reason');
    if (!groups)
        return _jsx(Spin, { style: { display: 'block', margin: '10vh auto' } });
    return (_jsx(Card, { title: t('title'), extra: _jsx(Button, { onClick: reload, children: t('common:refresh') }), children: groups.length === 0 ? (_jsx(Empty, { description: t('empty'), "data-testid": "exceptions-empty" })) : (_jsx(Collapse, { activeKey: open ? [open] : groups.map((g) => g.reason), onChange: (keys) => {
                const k = Array.isArray(keys) ? keys : [keys];
                setParams(k.length === 1 ? { reason: k[0] } : {});
            }, items: groups.map((g) => ({
                key: g.reason,
                label: (_jsxs(Space, { children: [_jsx(Typography.Text, { strong: true, children: t(`orders:hold.${g.reason}`) }), _jsx(Badge, { count: g.more ? `${g.orders.length}+` : g.orders.length, overflowCount: 9999 }), _jsx(Typography.Text, { type: "secondary", children: t(`fix.${g.reason}`) })] })),
                extra: _jsx(RetryAll, { reason: g.reason, onDone: reload }),
                children: _jsx(ReasonTable, { group: g, onChanged: reload }),
            })), "data-testid": "exceptions" })) }));
}
function RetryAll({ reason, onDone }) {
    const { t } = useTranslation('exceptions');
    const { user } = useSession();
    const { message } = App.useApp();
    const [busy, setBusy] = useState(false);
    // POST /orders/holds/retry retries the holds a fix elsewhere may have
    // cleared: missing mappings and stock.
    if (!allows(can.orderDesk, user?.role) || (reason !== 'sku_unmapped' && reason !== 'insufficient_stock'))
        return null;
    const run = async (e) => {
        e.stopPropagation();
        setBusy(true);
        try {
            const r = await retryAllHolds();
            message.success(t('retryAllDone', { released: r.released, held: r.still_held }));
            onDone();
        }
        catch (err) {
            message.error(err instanceof ApiError ? err.message : String(err));
        }
        finally {
            setBusy(false);
        }
    };
    return (_jsx(Button, { size: "small", loading: busy, onClick: run, children: t('retryAll') }));
}
function ReasonTable({ group, onChanged }) {
    const { t, i18n } = useTranslation('exceptions');
    const { user } = useSession();
    const { message } = App.useApp();
    const [fixing, setFixing] = useState(null);
    const lang = i18n.language;
    const mayRetry = allows(can.orderDesk, user?.role);
    // afterFix retries the order when the role may, and says where it stands.
    const afterFix = async (o) => {
        setFixing(null);
        if (!mayRetry) {
            message.info(t('fixedAskRetry'));
            onChanged();
            return;
        }
        await retry(o);
    };
    const retry = async (o) => {
        try {
            const r = await retryOrder(o.id);
            if (r.hold)
                message.warning(t('stillHeld', { order: o.external_id, message: r.hold.message }));
            else
                message.success(t('released', { order: o.external_id }));
        }
        catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
        }
        onChanged();
    };
    const approve = async (o) => {
        try {
            await approveOrder(o.id);
            message.success(t('released', { order: o.external_id }));
        }
        catch (e) {
            message.error(e instanceof ApiError ? e.message : String(e));
        }
        onChanged();
    };
    const fixes = (o) => {
        const out = [];
        switch (group.reason) {
            case 'sku_unmapped':
                if (allows(can.merchandisers, user?.role))
                    out.push(_jsx(Button, { type: "primary", size: "small", onClick: () => setFixing({ order: o, kind: 'map' }), "data-testid": "fix-map", children: t('action.map') }, "map"));
                break;
            case 'insufficient_stock':
                if (allows(can.stockKeepers, user?.role))
                    out.push(_jsx(Button, { type: "primary", size: "small", onClick: () => setFixing({ order: o, kind: 'receive' }), children: t('action.receive') }, "receive"));
                break;
            case 'address_invalid':
                if (mayRetry)
                    out.push(_jsx(Button, { type: "primary", size: "small", onClick: () => setFixing({ order: o, kind: 'address' }), children: t('action.address') }, "addr"));
                break;
            case 'manual':
                if (mayRetry)
                    out.push(_jsx(Button, { size: "small", onClick: () => void approve(o), children: t('action.approve') }, "approve"));
                break;
        }
        if (mayRetry)
            out.push(_jsx(Button, { size: "small", onClick: () => void retry(o), children: t('action.retry') }, "retry"));
        return out;
    };
    return (_jsxs(_Fragment, { children: [_jsx(Table, { size: "small", rowKey: "id", dataSource: group.orders, pagination: { pageSize: 20, hideOnSinglePage: true }, columns: [
                    {
                        title: t('orders:col.externalId'),
                        dataIndex: 'external_id',
                        width: 150,
                        render: (v, o) => _jsx(Link, { to: `/orders?external_id=${encodeURIComponent(v)}&order=${o.id}`, children: v }),
                    },
                    { title: t('orders:col.shop'), dataIndex: 'shop', width: 120 },
                    { title: t('orders:col.total'), align: 'right', width: 110, render: (_, o) => formatMoney(o.total.amount, o.total.currency, lang) },
                    {
                        title: t('message'),
                        render: (_, o) => o.hold && (_jsx(Tooltip, { title: o.hold.message, children: _jsx(Typography.Text, { type: "secondary", children: describeHold(o.hold, t) }) })),
                    },
                    { title: t('orders:col.createdAt'), dataIndex: 'created_at', width: 170, render: (v) => formatTime(v, lang) },
                    { title: t('common:actions'), width: 190, render: (_, o) => _jsx(Space, { children: fixes(o) }) },
                ] }), fixing?.kind === 'map' && (_jsx(MapSkuModal, { order: fixing.order, onClose: () => setFixing(null), onMapped: () => afterFix(fixing.order) })), fixing?.kind === 'address' && (_jsx(AddressModal, { order: fixing.order, onClose: () => setFixing(null), onCorrected: () => afterFix(fixing.order) })), fixing?.kind === 'receive' && (_jsx(ReceiveModal, { order: fixing.order, onClose: () => setFixing(null), onReceived: () => afterFix(fixing.order) }))] }));
}
